import { runCli } from './program'

// The entry point of `pnpm attrib` and bin/attrib.mjs: process streams, signals and the exit code.
// Everything else is in program.ts and the *Command.ts modules, which tests call with fakes.

// `attrib segment … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals) => {
      if (!stopping) {
        stopping = true
        resolve(signal)
        return
      }
      process.stderr.write(`attrib: ${signal} again, exiting without waiting for the server to stop\n`)
      process.exit(1)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  waitForStop,
})
process.exitCode = code
// A handle left open (a slow websocket client, a timer in a dependency) must not keep a finished command alive.
setTimeout(() => process.exit(code), 2000).unref()

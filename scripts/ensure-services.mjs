// Installs Debian's PostgreSQL and Redis for the store and scale-out tests when they are missing.
// The tests start private servers from these binaries (initdb/postgres in /usr/lib/postgresql/<version>/bin,
// redis-server) on free loopback ports; nothing needs to run as a system service.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

function hasInitdb() {
  if (process.env.PG_BINDIR) return existsSync(join(process.env.PG_BINDIR, 'initdb'))
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return false
  return readdirSync(root).some((version) => existsSync(join(root, version, 'bin', 'initdb')))
}

function hasRedis() {
  try {
    execSync('command -v redis-server', { stdio: 'ignore', shell: '/bin/bash' })
    return true
  } catch {
    return false
  }
}

const missing = []
if (!hasInitdb()) missing.push('postgresql')
if (!hasRedis()) missing.push('redis-server')
if (missing.length === 0) process.exit(0)

console.error(`[ensure-services] missing: installing Debian's ${missing.join(' and ')} package(s)`)
const sudo = process.getuid?.() === 0 ? '' : 'sudo '
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`,
    { stdio: 'inherit', shell: '/bin/bash' },
  )
} catch {
  console.error(
    `[ensure-services] could not install ${missing.join(' and ')} with apt-get; install them and run the tests again`,
  )
  process.exit(1)
}

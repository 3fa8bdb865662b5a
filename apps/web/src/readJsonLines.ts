/**
 * Reads a body of JSON Lines (one JSON value per line) as it arrives, handing each value to `onValue` and
 * giving the page a turn (`pause`) whenever `sliceMs` have gone by: a trail of megabytes is read in steps
 * rather than parsed in one long task. Blank lines are skipped; a line that is not JSON throws a
 * `SyntaxError` naming its line number.
 */
export async function readJsonLines(
  body: ReadableStream<Uint8Array> | null,
  onValue: (value: unknown) => void,
  pause: () => Promise<void>,
  sliceMs = 8,
): Promise<void> {
  if (!body) return
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let rest = ''
  let lineNumber = 0
  let slice = performance.now()
  const take = (line: string) => {
    lineNumber++
    if (!/\S/.test(line)) return
    try {
      onValue(JSON.parse(line))
    } catch (e) {
      if (e instanceof SyntaxError) throw new SyntaxError(`line ${lineNumber} is not JSON: ${e.message}`)
      throw e
    }
  }
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    // A character cut between two chunks waits for the rest of its bytes.
    rest += decoder.decode(value, { stream: true })
    let from = 0
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', from)) {
      take(rest.slice(from, end))
      from = end + 1
      if (performance.now() - slice >= sliceMs) {
        await pause()
        slice = performance.now()
      }
    }
    rest = rest.slice(from)
  }
  take(rest + decoder.decode())
}

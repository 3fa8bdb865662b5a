import { createReadStream } from 'node:fs'
import { type ArticleRecord, parseJsonlLine } from '@attrib/formats'
import { CorpusRefused } from './importCorpus'

/** The records of a JSON Lines file, read and parsed line by line (UTF-8 checked as for whole files). */
export async function* jsonlFileRecords(file: string): AsyncIterable<ArticleRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let rest = ''
  let line = 0
  const input = createReadStream(file, { highWaterMark: 1 << 20 })
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let text: string
      try {
        text = rest + decoder.decode(chunk, { stream: true })
      } catch {
        throw new CorpusRefused(`line ${line + 1} or after is not UTF-8 text (save the file as UTF-8)`)
      }
      const lines = text.split('\n')
      rest = lines.pop()!
      for (const l of lines) {
        const record = parseJsonlLine(l.endsWith('\r') ? l.slice(0, -1) : l, ++line, file)
        if (record) yield record
      }
    }
    rest += decoder.decode()
    const record = parseJsonlLine(rest, ++line, file)
    if (record) yield record
  } finally {
    input.destroy()
  }
}

import {
  ANNOTATION_STATUSES,
  type AnnotationKind,
  type AnnotationStatus,
  type ArticleSnapshot,
  type Taxonomy,
} from '@attrib/core'
import type { CorpusFormat } from './corpusFormat'
import { type ArticleRecord, FormatError, type RecordAnnotation } from './record'

/** brat allows no newline inside a T line's text; it shows them as spaces. */
function flat(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ')
}

/**
 * An article in brat standoff format: `txt` is the text; `ann` has one `T` line per label per
 * annotation (code-point offsets), an `AnnotatorNotes` line for a source name and `Status` and
 * `Kind` attribute lines. Rejected annotations are kept, with their status.
 * @example exportBrat(snapshot).ann // "T1\tquote 0 57\tthe text\nA1\tStatus T1 accepted\n…"
 */
export function exportBrat(article: ArticleSnapshot): { txt: string; ann: string } {
  const chars = Array.from(article.text)
  const lines: string[] = []
  let t = 0
  let attr = 0
  let note = 0
  for (const a of article.annotations) {
    const covered = flat(chars.slice(a.start, a.end).join(''))
    for (const label of a.labels) {
      const id = `T${++t}`
      lines.push(`${id}\t${label} ${a.start} ${a.end}\t${covered}`)
      if (a.source) lines.push(`#${++note}\tAnnotatorNotes ${id}\t${flat(a.source)}`)
      lines.push(`A${++attr}\tStatus ${id} ${a.status}`)
      lines.push(`A${++attr}\tKind ${id} ${a.kind}`)
    }
  }
  return { txt: article.text, ann: lines.length ? `${lines.join('\n')}\n` : '' }
}

/**
 * brat's `annotation.conf` and `visual.conf` for a taxonomy: one entity per label id, the `Status`
 * and `Kind` attributes, overlaps allowed; each label's colour and name.
 */
export function bratConfig(taxonomy: Taxonomy): { annotationConf: string; visualConf: string } {
  const ids = taxonomy.labels.map((l) => l.id)
  const annotationConf = [
    '[entities]',
    ...ids,
    '',
    '[relations]',
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    `Status\tArg:<ENTITY>, Value:${ANNOTATION_STATUSES.join('|')}`,
    'Kind\tArg:<ENTITY>, Value:sentence|span',
    '',
  ].join('\n')
  const visualConf = [
    '[labels]',
    ...taxonomy.labels.map((l) => `${l.id} | ${l.name}`),
    '',
    '[drawing]',
    ...taxonomy.labels.map((l) => `${l.id}\tbgColor:${l.color}`),
    '',
  ].join('\n')
  return { annotationConf, visualConf }
}

interface TextBound {
  id: string
  label: string
  start: number
  end: number
  source: string
  status: AnnotationStatus
  kind: AnnotationKind
}

/**
 * Reads a brat `.txt` and `.ann` pair back into a record. `T` lines that share span, status, kind
 * and source become one annotation with several labels (its id is the first `T` id). Lines of other
 * kinds (relations, events, normalisations) are skipped. Throws a {@link FormatError} with the `.ann`
 * line number.
 */
export function parseBrat(txt: string, ann: string, fileName = '<input>.ann'): ArticleRecord {
  const chars = Array.from(txt)
  const bounds = new Map<string, TextBound>()
  const lineOf = new Map<string, number>()
  const refs: { at: number; field: string; target: string; apply: (b: TextBound) => void }[] = []
  const lines = ann.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const at = i + 1
    if (line.trim() === '') continue
    const fail = (field: string | undefined, problem: string): never => {
      throw new FormatError(fileName, at, field, problem)
    }
    const cols = line.split('\t')
    const id = cols[0]!
    if (id.startsWith('T')) {
      if (cols.length < 3) fail(id, 'expected "T<n>\\t<label> <start> <end>\\t<text>"')
      if (cols[1]!.includes(';')) fail(id, 'discontinuous spans are not supported')
      const m = /^(\S+) (\d+) (\d+)$/.exec(cols[1]!)
      if (!m) fail(id, `expected "<label> <start> <end>" (got "${cols[1]}")`)
      const [, label, s, e] = m!
      const start = Number(s)
      const end = Number(e)
      if (end < start || end > chars.length)
        fail(`${id}.end`, `must be ≥ start and ≤ text length ${chars.length} (got ${end})`)
      const covered = flat(chars.slice(start, end).join(''))
      const given = cols.slice(2).join('\t')
      if (given !== covered)
        fail(`${id}.text`, `"${given}" does not match the text at ${start}..${end} ("${covered}")`)
      if (bounds.has(id)) fail(id, 'duplicate id')
      bounds.set(id, { id, label: label!, start, end, source: '', status: 'accepted', kind: 'span' })
      lineOf.set(id, at)
    } else if (id.startsWith('A')) {
      const [name, target, value] = (cols[1] ?? '').split(' ')
      if (!target) fail(id, 'expected "A<n>\\t<attribute> <T id> <value>"')
      if (name === 'Status') {
        if (!ANNOTATION_STATUSES.includes(value as AnnotationStatus))
          fail(`${id}.Status`, `must be one of ${ANNOTATION_STATUSES.join(', ')} (got "${value ?? ''}")`)
        refs.push({
          at,
          field: id,
          target: target!,
          apply: (b) => {
            b.status = value as AnnotationStatus
          },
        })
      } else if (name === 'Kind') {
        if (value !== 'sentence' && value !== 'span')
          fail(`${id}.Kind`, `must be sentence or span (got "${value ?? ''}")`)
        refs.push({
          at,
          field: id,
          target: target!,
          apply: (b) => {
            b.kind = value as AnnotationKind
          },
        })
      }
    } else if (id.startsWith('#')) {
      const [name, target] = (cols[1] ?? '').split(' ')
      if (name === 'AnnotatorNotes') {
        if (!target) fail(id, 'expected "#<n>\\tAnnotatorNotes <T id>\\t<note>"')
        const note = cols.slice(2).join('\t')
        refs.push({
          at,
          field: id,
          target: target!,
          apply: (b) => {
            b.source = note
          },
        })
      }
    } else if (!/^[RENM*]/.test(id)) {
      fail(undefined, `unknown line kind "${id}"`)
    }
  }
  for (const r of refs) {
    const b = bounds.get(r.target)
    if (!b) throw new FormatError(fileName, r.at, r.field, `refers to "${r.target}", which is no T line`)
    r.apply(b)
  }
  const grouped = new Map<string, RecordAnnotation>()
  for (const b of bounds.values()) {
    const key = JSON.stringify([b.start, b.end, b.status, b.kind, b.source])
    const found = grouped.get(key)
    if (found) {
      if (!found.labels.includes(b.label)) found.labels.push(b.label)
      continue
    }
    grouped.set(key, {
      id: b.id,
      kind: b.kind,
      start: b.start,
      end: b.end,
      labels: [b.label],
      source: b.source,
      annotator: '',
      status: b.status,
    })
  }
  const id = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'article'
  return { id, title: '', meta: { id, title: '' }, text: txt, annotations: [...grouped.values()] }
}

/** brat standoff: a `.txt` and an `.ann` per article, and the configuration files. */
export const bratFormat: CorpusFormat<'brat'> = {
  id: 'brat',
  name: 'brat standoff (zip)',
  description: 'a .txt and .ann file per article with annotation.conf and visual.conf',
  mediaType: 'application/zip',
  singleFile: false,
  async *write(articles, { taxonomy }) {
    for await (const article of articles) {
      const { txt, ann } = exportBrat(article)
      yield { path: `${article.meta.id}.txt`, chunks: [txt] }
      yield { path: `${article.meta.id}.ann`, chunks: [ann] }
    }
    const conf = bratConfig(taxonomy)
    yield { path: 'annotation.conf', chunks: [conf.annotationConf] }
    yield { path: 'visual.conf', chunks: [conf.visualConf] }
  },
}

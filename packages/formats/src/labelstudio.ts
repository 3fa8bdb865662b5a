import {
  ANNOTATION_STATUSES,
  type AnnotationStatus,
  type ArticleSnapshot,
  codePointLength,
  type Taxonomy,
  utf16ToCodePoints,
} from '@attrib/core'
import { type CorpusFormat, collect } from './corpusFormat'
import { type ArticleRecord, FormatError, type RecordAnnotation } from './record'

/*
 * Label Studio tasks (https://labelstud.io/guide/task_format).
 *
 * Offsets: Unicode code points. Label Studio's Text tag counted UTF-16 units until the fix
 * "store code points instead of js length" (HumanSignal/label-studio#1559, merged through
 * label-studio-frontend#308, 2022; the bug: label-studio#1347, #1008); a 2023 report on 1.9.1
 * (label-studio#4988) finds the exported JSON offsets right in Python (code-point) terms.
 * Older exports may still count UTF-16 units, so the importer checks `value.text` and accepts
 * offsets that only match in UTF-16 units, converting them.
 *
 * Mapping: accepted and rejected annotations go in one `annotations` entry, suggested ones in
 * one `predictions` entry (Label Studio's pre-annotations); each region's `id` is the annotation
 * id and its `meta.text` holds the source name. What Label Studio has no field for (annotator,
 * status, kind, created, reason) rides in the task's `data.attrib`, which Label Studio keeps as is.
 */

/** Name of the `<Labels>` control and of the `<Text>` object in {@link labelStudioConfig}. */
export const LABEL_STUDIO_NAMES = { labels: 'label', text: 'text' } as const

/** One Label Studio region of type `labels`. */
export interface LabelStudioRegion {
  id: string
  from_name: string
  to_name: string
  type: 'labels'
  value: { start: number; end: number; text: string; labels: string[] }
  meta?: { text: string[] }
}

/** One Label Studio task as {@link exportLabelStudio} writes it. */
export interface LabelStudioTask {
  data: {
    text: string
    title: string
    article_id: string
    attrib: {
      annotations: Record<
        string,
        {
          annotator: string
          status: AnnotationStatus
          kind: RecordAnnotation['kind']
          created?: string
          reason?: string
        }
      >
    }
  }
  annotations: { result: LabelStudioRegion[] }[]
  predictions: { model_version: string; result: LabelStudioRegion[] }[]
}

/**
 * Writes one Label Studio task per article (import the array as a JSON file).
 * @example JSON.stringify(exportLabelStudio(snapshots))
 */
export function exportLabelStudio(articles: Iterable<ArticleSnapshot>): LabelStudioTask[] {
  const tasks: LabelStudioTask[] = []
  for (const article of articles) {
    const chars = [...article.text]
    const manual: LabelStudioRegion[] = []
    const suggested: LabelStudioRegion[] = []
    const extra: LabelStudioTask['data']['attrib']['annotations'] = {}
    for (const a of article.annotations) {
      const region: LabelStudioRegion = {
        id: a.id,
        from_name: LABEL_STUDIO_NAMES.labels,
        to_name: LABEL_STUDIO_NAMES.text,
        type: 'labels',
        value: {
          start: a.start,
          end: a.end,
          text: chars.slice(a.start, a.end).join(''),
          labels: [...a.labels],
        },
        ...(a.source ? { meta: { text: [a.source] } } : {}),
      }
      ;(a.status === 'suggested' ? suggested : manual).push(region)
      extra[a.id] = {
        annotator: a.annotator,
        status: a.status,
        kind: a.kind,
        ...(a.created ? { created: a.created } : {}),
        ...(a.reason ? { reason: a.reason } : {}),
      }
    }
    tasks.push({
      data: {
        text: article.text,
        title: article.meta.title,
        article_id: article.meta.id,
        attrib: { annotations: extra },
      },
      annotations: manual.length ? [{ result: manual }] : [],
      predictions: suggested.length ? [{ model_version: 'attrib', result: suggested }] : [],
    })
  }
  return tasks
}

/** Escapes text for an XML attribute value. */
function xmlAttribute(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  )
}

/**
 * The labeling config for the exported tasks: one `<Label>` per taxonomy label (value = label id,
 * background = its color, hotkey = its key), then the text.
 * @example labelStudioConfig(createTaxonomy()) // '<View>\n  <Labels name="label" toName="text">…'
 */
export function labelStudioConfig(taxonomy: Taxonomy): string {
  const labels = taxonomy.labels.map(
    (l) =>
      `    <Label value="${xmlAttribute(l.id)}" alias="${xmlAttribute(l.name)}" background="${xmlAttribute(l.color)}" hotkey="${xmlAttribute(l.key)}"/>`,
  )
  return [
    '<View>',
    `  <Labels name="${LABEL_STUDIO_NAMES.labels}" toName="${LABEL_STUDIO_NAMES.text}">`,
    ...labels,
    '  </Labels>',
    `  <Text name="${LABEL_STUDIO_NAMES.text}" value="$text"/>`,
    '</View>',
    '',
  ].join('\n')
}

type Json = Record<string, unknown>
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * Reads Label Studio tasks (a JSON export, or tasks written by {@link exportLabelStudio}) into records.
 * Regions of other types (choices, relations, …) are skipped. Tasks without `data.article_id` get the
 * task `id` (or their index) as article id. Throws a {@link FormatError} naming the file and the field
 * path (`[2].annotations[0].result[3].value.end`); JSON has no useful line, so line is 1.
 */
export function parseLabelStudio(json: unknown, fileName = '<input>'): ArticleRecord[] {
  const fail = (field: string | undefined, problem: string): never => {
    throw new FormatError(fileName, 1, field, problem)
  }
  let doc = json
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc)
    } catch (e) {
      fail(undefined, `not valid JSON (${(e as Error).message})`)
    }
  }
  const tasks = Array.isArray(doc)
    ? doc
    : isObject(doc)
      ? [doc]
      : fail(undefined, 'expected an array of tasks')
  return tasks.map((task, t): ArticleRecord => {
    const at = `[${t}]`
    if (!isObject(task)) return fail(at, 'must be a task object')
    const data = isObject(task.data) ? task.data : fail(`${at}.data`, 'must be an object')
    const text = typeof data.text === 'string' ? data.text : fail(`${at}.data.text`, 'must be a string')
    const id =
      typeof data.article_id === 'string' && data.article_id
        ? data.article_id
        : task.id !== undefined
          ? String(task.id)
          : String(t)
    const title = typeof data.title === 'string' ? data.title : id
    const extras = isObject(data.attrib) && isObject(data.attrib.annotations) ? data.attrib.annotations : {}
    const length = codePointLength(text)
    const chars = [...text]
    const toCodePoints = utf16ToCodePoints(text)
    const annotations: RecordAnnotation[] = []
    const seen = new Set<string>()
    const read = (list: unknown, key: 'annotations' | 'predictions', status: AnnotationStatus) => {
      if (list === undefined) return
      if (!Array.isArray(list)) return fail(`${at}.${key}`, 'must be an array')
      for (const [e, entry] of list.entries()) {
        if (!isObject(entry) || !Array.isArray(entry.result))
          return fail(`${at}.${key}[${e}].result`, 'must be an array')
        if (entry.was_cancelled === true) continue
        for (const [r, region] of entry.result.entries()) {
          const field = `${at}.${key}[${e}].result[${r}]`
          if (!isObject(region) || region.type !== 'labels') continue
          const v = isObject(region.value) ? region.value : fail(`${field}.value`, 'must be an object')
          const { start, end } = v
          if (!Number.isInteger(start) || (start as number) < 0)
            return fail(
              `${field}.value.start`,
              `must be a non-negative integer (got ${JSON.stringify(start)})`,
            )
          if (!Number.isInteger(end) || (end as number) < (start as number))
            return fail(`${field}.value.end`, `must be an integer ≥ start (got ${JSON.stringify(end)})`)
          let span = { start: start as number, end: end as number }
          if (typeof v.text === 'string' && chars.slice(span.start, span.end).join('') !== v.text) {
            // Exports from before Label Studio counted code points used UTF-16 units.
            if (text.slice(span.start, span.end) === v.text)
              span = { start: toCodePoints(span.start), end: toCodePoints(span.end) }
            else
              return fail(
                `${field}.value.text`,
                `${JSON.stringify(v.text)} is not the text at ${span.start}-${span.end} (${JSON.stringify(chars.slice(span.start, span.end).join(''))})`,
              )
          }
          if (span.end > length)
            return fail(`${field}.value.end`, `must be ≤ text length ${length} (got ${span.end})`)
          if (
            !Array.isArray(v.labels) ||
            v.labels.length === 0 ||
            !v.labels.every((l) => typeof l === 'string' && l)
          )
            return fail(`${field}.value.labels`, 'must be a non-empty array of label names')
          const regionId = typeof region.id === 'string' && region.id ? region.id : `${id}-${key}-${e}-${r}`
          if (seen.has(regionId)) return fail(`${field}.id`, `duplicate region id "${regionId}"`)
          seen.add(regionId)
          const meta = isObject(region.meta) && Array.isArray(region.meta.text) ? region.meta.text : []
          const extra = isObject(extras[regionId]) ? (extras[regionId] as Json) : {}
          const savedStatus = (ANNOTATION_STATUSES as readonly unknown[]).includes(extra.status)
            ? (extra.status as AnnotationStatus)
            : status
          annotations.push({
            id: regionId,
            kind: extra.kind === 'sentence' ? 'sentence' : 'span',
            start: span.start,
            end: span.end,
            labels: v.labels as string[],
            source: typeof meta[0] === 'string' ? meta[0] : '',
            annotator:
              typeof extra.annotator === 'string'
                ? extra.annotator
                : key === 'predictions' && typeof entry.model_version === 'string'
                  ? entry.model_version
                  : completedBy(entry.completed_by),
            status: savedStatus,
            ...(typeof extra.created === 'string' ? { created: extra.created } : {}),
            ...(typeof extra.reason === 'string' ? { reason: extra.reason } : {}),
          })
        }
      }
    }
    read(task.annotations ?? task.completions, 'annotations', 'accepted')
    read(task.predictions, 'predictions', 'suggested')
    return { id, title, meta: { id, title }, text, annotations }
  })
}

/** Label Studio exports `completed_by` as a user id or as `{id, email, …}`. */
function completedBy(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (isObject(value) && typeof value.email === 'string') return value.email
  return ''
}

/** Label Studio tasks (one JSON array) and the labelling configuration. */
export const labelStudioFormat: CorpusFormat<'labelstudio'> = {
  id: 'labelstudio',
  name: 'Label Studio',
  description: 'a JSON array of Label Studio tasks (annotations and predictions) and labeling-config.xml',
  mediaType: 'application/zip',
  singleFile: false,
  async *write(articles, { name, taxonomy }) {
    const tasks = exportLabelStudio(await collect(articles))
    yield { path: `${name}.labelstudio.json`, chunks: [`${JSON.stringify(tasks, null, 2)}\n`] }
    yield { path: 'labeling-config.xml', chunks: [labelStudioConfig(taxonomy)] }
  },
}

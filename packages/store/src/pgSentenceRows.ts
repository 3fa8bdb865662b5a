import type { ArticleView, SentenceRows } from '@attrib/sync'
import { encodeLabels, encodeSentences, labelRowValues } from './sentenceQuery'

// PgStore's SQL of the read model's sentence rows (SPEC ST32, ST33): writing them with a view, for a batch
// of new articles, and the sentence search.

/**
 * `upsert` (an INSERT into views of article `$1` ... RETURNING name) and then, only when it wrote, the article's
 * sentence rows from parameters `$rows` and `$labels` (JSON arrays of positional arrays): one statement,
 * so the rows always go with their view. The deletes see the rows from before the statement, so they never
 * remove the new ones (which is why `sentences` has no unique key).
 */
function withRows(upsert: string, rows: string, labels: string): string {
  return `
  WITH v AS (${upsert}),
  ds AS (DELETE FROM sentences WHERE article = $1 AND EXISTS (SELECT 1 FROM v)),
  dl AS (DELETE FROM sentence_labels WHERE article = $1 AND EXISTS (SELECT 1 FROM v)),
  s AS (
    INSERT INTO sentences (article, idx, start, "end", text)
    SELECT v.name, j.n - 1, (j.value ->> 0)::integer, (j.value ->> 1)::integer, j.value ->> 2
    FROM v, json_array_elements(${rows}::json) WITH ORDINALITY AS j (value, n)
  )
  INSERT INTO sentence_labels (article, idx, annotation, kind, annotator, status, final, auto, label, source)
  SELECT v.name, (j.value ->> 0)::integer, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
    (j.value ->> 5)::integer = 1, (j.value ->> 6)::integer = 1, j.value ->> 7, j.value ->> 8
  FROM v, json_array_elements(${labels}::json) AS j`
}

/** Replaces a view, and its rows, unless the stored one is of the same version and from a newer document. */
export const PUT_VIEW = withRows(
  `INSERT INTO views (name, seq, version, json, digest) VALUES ($1, $2, $3, $4, $5)
   ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, version = excluded.version, json = excluded.json,
     digest = excluded.digest
   WHERE views.version <> excluded.version OR views.seq <= excluded.seq
   RETURNING name`,
  '$6',
  '$7',
)

/** A new article's view, at the number the document's counter stands at (its rows: INSERT_ROWS). */
export const CREATE_VIEW = `
  INSERT INTO views (name, seq, version, json, digest)
  SELECT $1, seq, $2, $3, $4 FROM documents WHERE name = $1
  ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, version = excluded.version, json = excluded.json,
    digest = excluded.digest`

/**
 * The sentence rows of a batch of new articles in two statements, one per table, from arrays a column
 * each (after removing any rows of those ids, $1, which only a hand-edited database could hold).
 */
export const INSERT_ROWS = `
  WITH ds AS (DELETE FROM sentences WHERE article = ANY($1::text[])),
  dl AS (DELETE FROM sentence_labels WHERE article = ANY($1::text[])),
  s AS (
    INSERT INTO sentences (article, idx, start, "end", text)
    SELECT * FROM unnest($2::text[], $3::integer[], $4::integer[], $5::integer[], $6::text[])
  )
  INSERT INTO sentence_labels (article, idx, annotation, kind, annotator, status, final, auto, label, source)
  SELECT * FROM unnest($7::text[], $8::integer[], $9::text[], $10::text[], $11::text[], $12::text[],
    $13::boolean[], $14::boolean[], $15::text[], $16::text[])`

/** INSERT_ROWS's parameters for the rows of the articles `batch`. */
export function insertRowsParams(batch: { id: string; rows?: SentenceRows }[]): unknown[] {
  const sentences: unknown[][] = [[], [], [], [], []]
  const labels: unknown[][] = [[], [], [], [], [], [], [], [], [], []]
  const add = (columns: unknown[][], values: unknown[]) => {
    for (const [i, v] of values.entries()) columns[i]!.push(v)
  }
  for (const { id, rows } of batch) {
    for (const r of rows?.sentences ?? []) add(sentences, [id, r.index, r.start, r.end, r.text])
    for (const x of rows?.labels ?? []) add(labels, [id, ...labelRowValues(x)])
  }
  return [batch.map((b) => b.id), ...sentences, ...labels]
}

// SentenceQuery in SQL (the meaning is sentenceQuery.ts's findInRows; SqliteStore's FIND_SENTENCES). Ids
// compare byte-wise (COLLATE "C") as in the other stores; "any case" lowers with ICU's root locale, since
// a database created with the C locale lowers only ASCII.
export const FIND_SENTENCES = `
  SELECT s.article, s.idx, s.start, s."end", s.text FROM sentences AS s
  JOIN views AS v ON v.name = s.article AND v.version = $1
  JOIN articles AS a ON a.id = s.article AND a.deleted_at IS NULL
  WHERE ($2::text IS NULL OR s.article COLLATE "C" > $2 OR (s.article = $2 AND s.idx > $3))
    AND ($4::text[] IS NULL OR s.article = ANY($4))
    AND ($5::text IS NULL OR strpos(lower(s.text COLLATE "und-x-icu"), lower($5 COLLATE "und-x-icu")) > 0)
    AND (NOT $6::boolean OR EXISTS (
      SELECT 1 FROM sentence_labels AS l WHERE l.article = s.article AND l.idx = s.idx
        AND ($7 = 'all' OR ($7 = 'final' AND l.final) OR ($7 = 'auto' AND l.auto))
        AND ($8::text IS NULL OR l.label = $8)
        AND ($9::text IS NULL OR l.annotator = $9)
        AND (CASE WHEN $10::text IS NULL THEN l.status <> 'rejected' ELSE l.status = $10 END)
        AND ($11::text IS NULL OR strpos(lower(l.source COLLATE "und-x-icu"), lower($11 COLLATE "und-x-icu")) > 0)))
  ORDER BY s.article COLLATE "C", s.idx
  LIMIT $12`

/** PUT_VIEW's parameters for `view` of document `name`. */
export function putViewParams(name: string, view: ArticleView): unknown[] {
  const rows = view.rows ?? { sentences: [], labels: [] }
  return [name, view.seq, view.version, view.json, view.digest, encodeSentences(rows), encodeLabels(rows)]
}

import { Readable } from 'node:stream'
import type { AnnotationStatus, ArticleSnapshot } from '@attrib/core'
import {
  EXPORT_FORMATS,
  type ExportFilter,
  exportFiles,
  filterArticle,
  isSingleFile,
  keepArticle,
  mediaType,
} from '@attrib/formats'
import type { FastifyInstance } from 'fastify'
import { strToU8, zipSync } from 'fflate'
import { z } from 'zod'
import { parseBody, readTaxonomy } from './createServer'
import type { DocumentStore } from './store/DocumentStore'
import type { YServer } from './YServer'

const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.string().min(1)))

const ExportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    ids: list.optional(),
    label: list.optional(),
    annotator: list.optional(),
    status: list.pipe(z.array(z.enum(['suggested', 'accepted', 'rejected']))).optional(),
    from: DATE.optional(),
    to: DATE.optional(),
    layer: z.enum(['auto', 'final', 'all']).optional(),
  })
  .strict()

/**
 * `GET /api/export?format=jsonl&ids=a,b&label=quote&annotator=Ann&status=accepted&from=2024-01-01&to=2024-12-31`:
 * the corpus (or the chosen articles) as a download. Single-file formats stream article by article when
 * the store can be read without waiting (SQLite); folder formats (brat) come as a zip.
 */
export function registerExportRoute(
  app: FastifyInstance,
  deps: {
    store: DocumentStore
    yserver: YServer
    readSnapshot: (id: string) => Promise<ArticleSnapshot | null>
    /**
     * Reads an article without waiting (a live room, or a store that can: SQLite). With it, single-file
     * formats stream article by article as the client reads; without it (PostgreSQL), the chosen articles
     * are read before the first byte, because the formats are synchronous generators.
     */
    readSnapshotNow?: (id: string) => ArticleSnapshot | null
  },
): void {
  app.get('/api/export', async (request, reply) => {
    const q = parseBody(ExportQuery, request.query, 'query')
    const filter: ExportFilter = {
      ids: q.ids,
      labels: q.label,
      annotators: q.annotator,
      statuses: q.status as AnnotationStatus[] | undefined,
      from: q.from,
      to: q.to,
      layer: q.layer,
    }
    const rows = (await deps.store.listArticles()).filter((row) =>
      keepArticle({ id: row.id, date: row.date }, filter),
    )
    const taxonomy = await readTaxonomy(deps.store)
    let articles: Iterable<ArticleSnapshot>
    const { readSnapshotNow } = deps
    if (readSnapshotNow)
      articles = (function* () {
        for (const row of rows) {
          const snapshot = readSnapshotNow(row.id)
          const kept = snapshot && filterArticle(snapshot, filter)
          if (kept) yield kept
        }
      })()
    else {
      const read: ArticleSnapshot[] = []
      for (const row of rows) {
        const snapshot = await deps.readSnapshot(row.id)
        const kept = snapshot && filterArticle(snapshot, filter)
        if (kept) read.push(kept)
      }
      articles = read
    }
    const name = rows.length === 1 ? rows[0]!.id : 'corpus'
    const files = exportFiles(q.format, articles, { taxonomy, name })
    if (isSingleFile(q.format)) {
      const [file] = [...files]
      reply.header('content-type', mediaType(q.format))
      reply.header('content-disposition', `attachment; filename="${file!.path}"`)
      return reply.send(Readable.from(file!.chunks))
    }
    const zipped: Record<string, Uint8Array> = {}
    for (const file of files) zipped[`${name}/${file.path}`] = strToU8([...file.chunks].join(''))
    reply.header('content-type', 'application/zip')
    reply.header('content-disposition', `attachment; filename="${name}.${q.format}.zip"`)
    return reply.send(Buffer.from(zipSync(zipped)))
  })
}

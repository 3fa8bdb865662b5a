import { Readable } from 'node:stream'
import type { CorpusReader } from '@attrib/store'
import { ExportParams, exportCorpus, exportFilter } from '@attrib/store'
import type { FastifyInstance } from 'fastify'
import { strToU8, zipSync } from 'fflate'
import { parseBody } from './httpErrors'

/**
 * `GET /api/export?format=jsonl&ids=a,b&label=quote&annotator=Ann&status=accepted&from=2024-01-01&to=2024-12-31&layer=auto`:
 * the corpus (or the chosen articles) as a download, through the same pipeline as `attrib export`, so both
 * give the same bytes. Single-file formats stream, each article read only as the client reads on
 * (HTTP8); folder formats (brat, W3C, Label Studio) come as a zip.
 */
export function registerExportRoute(app: FastifyInstance, deps: { reader: CorpusReader }): void {
  app.get('/api/export', async (request, reply) => {
    const params = parseBody(ExportParams, request.query, 'query')
    const run = await exportCorpus(deps.reader, params.format, exportFilter(params))
    if (run.format.singleFile) {
      for await (const file of run.files) {
        reply.header('content-type', run.format.mediaType)
        reply.header('content-disposition', `attachment; filename="${file.path}"`)
        return reply.send(Readable.from(file.chunks))
      }
    }
    const zipped: Record<string, Uint8Array> = {}
    for await (const file of run.files) {
      let content = ''
      for await (const chunk of file.chunks) content += chunk
      zipped[`${run.name}/${file.path}`] = strToU8(content)
    }
    reply.header('content-type', 'application/zip')
    reply.header('content-disposition', `attachment; filename="${run.name}.${params.format}.zip"`)
    return reply.send(Buffer.from(zipSync(zipped)))
  })
}

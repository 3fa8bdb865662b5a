import type * as Formats from '@attrib/formats'
import type { ExportFormat } from '@attrib/formats'
import { useEffect, useState } from 'react'

type CorpusFormats = typeof Formats.CORPUS_FORMATS

let loadingFormats: Promise<CorpusFormats> | null = null

/**
 * The export formats' registry. `@attrib/formats` brings its parsers (and zod) along, which no page needs
 * to open: it is loaded apart, once. A failed load is tried again on the next call.
 */
function loadFormats(): Promise<CorpusFormats> {
  loadingFormats ??= import('@attrib/formats').then(
    (formats) => formats.CORPUS_FORMATS,
    (e: unknown) => {
      loadingFormats = null
      throw e
    },
  )
  return loadingFormats
}

/**
 * A download of one article (`articleId`) or of the whole corpus, in any export format. The choice of
 * format appears once the page is idle (the registry is loaded then); until then the download is JSONL.
 */
export function ExportMenu({ articleId }: { articleId?: string }) {
  const [formats, setFormats] = useState<CorpusFormats | null>(null)
  const [format, setFormat] = useState<ExportFormat>('jsonl')
  const [acceptedOnly, setAcceptedOnly] = useState(false)
  useEffect(() => {
    let stopped = false
    const load = () =>
      loadFormats().then(
        (loaded) => {
          if (!stopped) setFormats(loaded)
        },
        () => {},
      )
    // Browsers without idle callbacks load it a little after the page's start.
    const idle = 'requestIdleCallback' in window ? requestIdleCallback(load, { timeout: 3000 }) : null
    const timer = idle === null ? setTimeout(load, 1000) : null
    return () => {
      stopped = true
      if (idle !== null) cancelIdleCallback(idle)
      if (timer !== null) clearTimeout(timer)
    }
  }, [])
  const params = new URLSearchParams({ format })
  if (articleId) params.set('ids', articleId)
  if (acceptedOnly) params.set('status', 'accepted')
  return (
    <div className="export-menu">
      {formats && (
        <select
          aria-label="Export format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
        >
          {formats.map((f) => (
            <option key={f.id} value={f.id} title={f.description}>
              {f.name}
            </option>
          ))}
        </select>
      )}
      <label className="muted">
        <input type="checkbox" checked={acceptedOnly} onChange={(e) => setAcceptedOnly(e.target.checked)} />{' '}
        accepted only
      </label>
      <a className="button" href={`/api/export?${params}`} download>
        {articleId ? 'Export article' : 'Export corpus'}
      </a>
    </div>
  )
}

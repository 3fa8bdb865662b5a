import { CORPUS_FORMATS, type ExportFormat } from '@attrib/formats'
import { useState } from 'react'

/** A download of one article (`articleId`) or of the whole corpus, in any export format. */
export function ExportMenu({ articleId }: { articleId?: string }) {
  const [format, setFormat] = useState<ExportFormat>('jsonl')
  const [acceptedOnly, setAcceptedOnly] = useState(false)
  const params = new URLSearchParams({ format })
  if (articleId) params.set('ids', articleId)
  if (acceptedOnly) params.set('status', 'accepted')
  return (
    <div className="export-menu">
      <select
        aria-label="Export format"
        value={format}
        onChange={(e) => setFormat(e.target.value as ExportFormat)}
      >
        {CORPUS_FORMATS.map((f) => (
          <option key={f.id} value={f.id} title={f.description}>
            {f.name}
          </option>
        ))}
      </select>
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

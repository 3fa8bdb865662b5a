import { EXPORT_FORMATS, type ExportFormat } from '@attrib/formats'
import { useState } from 'react'

// Names for the formats attrib knows; a format added to @attrib/formats shows under its id until named here.
const FORMAT_NAMES: Record<string, string> = {
  jsonl: 'JSONL (attrib, full fidelity)',
  'sentences-csv': 'Sentences, CSV',
  'sentences-jsonl': 'Sentences, JSONL',
  brat: 'brat standoff (zip)',
  w3c: 'W3C Web Annotation',
  labelstudio: 'Label Studio',
  doccano: 'doccano JSONL',
  conll: 'CoNLL (IOB)',
}

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
        {EXPORT_FORMATS.map((f) => (
          <option key={f} value={f}>
            {FORMAT_NAMES[f] ?? f}
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

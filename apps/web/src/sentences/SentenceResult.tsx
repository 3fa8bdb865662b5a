import { labelById, SUGGESTER, shortLabelName, type Taxonomy, textColorOn } from '@attrib/core'
import { memo } from 'react'
import {
  type FoundSentence,
  groupLabels,
  highlightParts,
  type LabelGroup,
  sentenceHref,
} from './sentenceSearch'

/** An annotator as people read the name: the machine suggester as "automatic suggestion". */
export function annotatorName(name: string): string {
  if (name === SUGGESTER) return 'automatic suggestion'
  return name || 'unknown'
}

/**
 * A label as the editor's badge draws it (UI2): key and short name; accepted on the label's colour (text
 * per `textColorOn`), a suggestion dashed without fill and saying "suggested", a rejected one saying so.
 */
function LabelBadge({ group, taxonomy }: { group: LabelGroup; taxonomy: Taxonomy }) {
  const label = group.label ? labelById(taxonomy, group.label) : undefined
  const name = label
    ? `${label.key} ${shortLabelName(label.name)}`
    : group.label
      ? group.label
      : 'no label (source only)'
  const color = label?.color ?? '#888888'
  const status = group.status === 'accepted' ? '' : group.status
  const look =
    status === ''
      ? { background: color, borderColor: color, color: textColorOn(color) }
      : { borderColor: color }
  return (
    <span
      className={`attrib-badge-label${status === 'suggested' ? ' attrib-badge-suggested' : ''}${status === 'rejected' ? ' sentences-rejected' : ''}`}
      data-label={group.label ?? ''}
      data-status={group.status}
      title={`${status ? `${status[0]!.toUpperCase()}${status.slice(1)}: ` : ''}${label?.name ?? name}`}
      style={look}
    >
      {status ? `${status} ` : ''}
      {name}
    </span>
  )
}

/** The sentence's text with every occurrence of the searched text marked. */
function Highlighted({ text, q }: { text: string; q: string }) {
  return (
    <>
      {highlightParts(text, q).map((part, i) =>
        part.match ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order
          <mark key={i}>{part.text}</mark>
        ) : (
          part.text
        ),
      )}
    </>
  )
}

/**
 * One found sentence: its article (the title a link to the editor on that sentence), outlet and date, its
 * text with the searched text highlighted, and its labels as badges with who gave them and the source.
 */
export const SentenceResult = memo(function SentenceResult({
  found,
  q,
  taxonomy,
}: {
  found: FoundSentence
  q: string
  taxonomy: Taxonomy
}) {
  const groups = groupLabels(found.labels)
  return (
    <li
      className="sentence-result"
      data-testid="sentence-result"
      data-article={found.article}
      data-sentence={found.sentence}
    >
      <p className="sentence-result-head">
        <a href={sentenceHref(found.article, found.sentence)} className="sentence-result-title">
          {found.title}
          <span className="sentences-hidden">, sentence {found.sentence + 1}</span>
        </a>{' '}
        <span className="muted" data-testid="sentence-result-meta">
          {[
            found.outlet ?? 'no outlet given',
            found.date ?? 'no date',
            `sentence ${found.sentence + 1}`,
          ].join(' · ')}
        </span>
      </p>
      <p className="sentence-result-text" data-testid="sentence-result-text">
        <Highlighted text={found.text} q={q} />
      </p>
      {groups.length === 0 ? (
        <p className="muted sentence-result-labels">No label on this sentence in this layer.</p>
      ) : (
        <ul className="sentence-result-labels" aria-label="Labels">
          {groups.map((g) => (
            <li key={`${g.label}|${g.status}|${g.final}|${g.source}`} data-testid="sentence-label">
              <span className="attrib-badge">
                {g.final && (
                  <span className="attrib-badge-label sentences-final" title="The reviewer's decision">
                    final
                  </span>
                )}
                <LabelBadge group={g} taxonomy={taxonomy} />
              </span>{' '}
              <span className="sentence-label-who">
                {g.final ? 'decided by' : g.status === 'suggested' ? 'suggested by' : 'by'}{' '}
                {g.annotators.map(annotatorName).join(', ')}
              </span>
              {g.source && (
                <span className="sentence-label-source" data-testid="sentence-label-source">
                  {' '}
                  · source: {g.source}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  )
})

import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

interface Person {
  clientId: number
  name: string
  color: string
  self: boolean
  /** Whether they have a cursor in the article (to scroll to). */
  hasCursor: boolean
}

/**
 * Who is in the article right now, from the awareness states. A click on someone else's name scrolls to
 * their cursor (`onJump`, UI7).
 */
export function Presence({
  awareness,
  onJump,
}: {
  awareness: Awareness
  /** Scrolls to the person's cursor; false when it is not in the article. */
  onJump?: (clientId: number) => boolean
}) {
  const [missed, setMissed] = useState<number | null>(null)
  const [people, setPeople] = useState<Person[]>([])
  useEffect(() => {
    const update = () => {
      const list: Person[] = []
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: string; color?: string } | undefined
        if (user?.name)
          list.push({
            clientId,
            name: user.name,
            color: user.color ?? '#888',
            self: clientId === awareness.clientID,
            hasCursor: state.cursor != null,
          })
      })
      list.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
      setPeople(list)
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness])
  return (
    <ul className="presence" aria-label="People in this article">
      {people.map((p) => (
        <li key={p.clientId} style={{ borderColor: p.color }} data-person={p.name}>
          {p.self || !onJump ? (
            <span className="presence-person">
              <span className="dot" style={{ background: p.color }} />
              {p.name}
              {p.self ? ' (you)' : ''}
            </span>
          ) : (
            <button
              type="button"
              className="presence-person"
              disabled={!p.hasCursor}
              title={
                missed === p.clientId || !p.hasCursor
                  ? `${p.name} has no cursor in the article yet`
                  : `Go to where ${p.name} is working`
              }
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setMissed(onJump(p.clientId) ? null : p.clientId)}
            >
              <span className="dot" style={{ background: p.color }} />
              {p.name}
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}

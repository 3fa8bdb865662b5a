import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'

interface Person {
  clientId: number
  name: string
  color: string
  self: boolean
}

/** Who is in the article right now, from the awareness states. */
export function Presence({ awareness }: { awareness: Awareness }) {
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
          <span className="dot" style={{ background: p.color }} />
          {p.name}
          {p.self ? ' (you)' : ''}
        </li>
      ))}
    </ul>
  )
}

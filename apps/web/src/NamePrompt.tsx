import { useState } from 'react'
import { saveUser, type User } from './user'

/** Asks for the annotator's name once; it is remembered in this browser and recorded on annotations. */
export function NamePrompt({ initial, onDone }: { initial: string; onDone: (user: User) => void }) {
  const [name, setName] = useState(initial)
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim()) onDone(saveUser(name))
        }}
      >
        <h2>Who is annotating?</h2>
        <p>Your name is recorded on every tag you make and shown to the others in the article.</p>
        <input
          aria-label="Your name"
          name="annotator"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Your name"
          maxLength={80}
        />
        <button type="submit" disabled={!name.trim()}>
          Start annotating
        </button>
      </form>
    </div>
  )
}

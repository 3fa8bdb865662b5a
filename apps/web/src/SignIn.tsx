import { useEffect, useState } from 'react'
import { type SessionUser, SignInError, signIn } from './session'

function signInMessage(e: unknown): string {
  if (e instanceof SignInError) {
    if (e.status === 401)
      return 'That name and passphrase were not accepted. Check the passphrase and try again.'
    if (e.status === 400)
      return 'This project does not use a passphrase. Ask the project owner for an invite link.'
    return `Could not sign in: ${e.message}`
  }
  return `Could not reach the server: ${(e as Error).message}`
}

/**
 * Signing in when the server requires it: the name and the project passphrase, or an invite link
 * (`#/invite/<token>`), which is sent to the server once and then leaves the address.
 */
export function SignIn({
  invite,
  reason,
  onSignedIn,
}: {
  /** The token of an invite link, signed in with on mount. */
  invite?: string
  /** Why signing in is asked again, e.g. an expired session. */
  reason?: string
  onSignedIn: (user: SessionUser) => void
}) {
  const [name, setName] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [inviteState, setInviteState] = useState<'checking' | 'failed' | null>(invite ? 'checking' : null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: an invite is tried once per token
  useEffect(() => {
    if (!invite) return
    let cancelled = false
    setInviteState('checking')
    signIn({ token: invite })
      .then((user) => {
        if (!cancelled) onSignedIn(user)
      })
      .catch(() => {
        if (!cancelled) setInviteState('failed')
      })
    return () => {
      cancelled = true
    }
  }, [invite])

  if (inviteState === 'checking') return <main className="sign-in">Opening the invite…</main>

  return (
    <main className="sign-in">
      <form
        className="modal sign-in-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (!name.trim() || !passphrase) return
          setBusy(true)
          try {
            onSignedIn(await signIn({ name: name.trim(), passphrase }))
          } catch (err) {
            setError(signInMessage(err))
          } finally {
            setBusy(false)
          }
        }}
      >
        <h2>Sign in</h2>
        {inviteState === 'failed' && (
          <p className="error" data-testid="invite-error">
            This invite link is invalid or has expired. Ask for a new one, or sign in with the project
            passphrase.
          </p>
        )}
        {reason && <p className="error">{reason}</p>}
        <p>Your name is recorded on every tag you make and shown to the others in the article.</p>
        <input
          aria-label="Your name"
          name="annotator"
          autoComplete="username"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Your name"
          maxLength={80}
        />
        <input
          aria-label="Project passphrase"
          name="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          placeholder="Project passphrase"
        />
        {error && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !name.trim() || !passphrase}>
          Sign in
        </button>
      </form>
    </main>
  )
}

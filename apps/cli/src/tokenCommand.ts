import type { Role } from '@attrib/server'
import { type CommandIo, describeError, ExitCode } from './io'

/** Options of {@link tokenCommand}, as `attrib token` parses them. */
export interface TokenOptions {
  user: string
  role: Role
  /** Limits the token to this article id. */
  doc?: string
  /** A lifetime such as `30d`, `12h` or `3600` (seconds); absent: the token never expires. */
  expires?: string
  /** The server's `AUTH_SECRET`. */
  secret?: string
  /** The server's address; when given, the invite link `<url>/#/invite/<token>` is printed too. */
  url?: string
}

/**
 * `attrib token`: prints a token signed with the server's secret (SPEC AC1), and with `url` the invite
 * link that signs its holder in. Returns {@link ExitCode.usage} when the secret is missing or too short
 * or a value is bad.
 * @example
 * await tokenCommand({ user: 'Ann', role: 'viewer', doc: 'a1', expires: '7d', secret, url: 'https://attrib.example' }, io)
 * // eyJhbGciOi...
 * // https://attrib.example/#/invite/eyJhbGciOi...
 */
export async function tokenCommand(options: TokenOptions, io: CommandIo): Promise<ExitCode> {
  const { mintToken, MIN_SECRET_LENGTH } = await import('@attrib/server')
  const fail = (message: string) => {
    io.stderr.write(`attrib token: ${message} (see attrib token --help)\n`)
    return ExitCode.usage
  }
  if (!options.secret) return fail('no secret: pass --secret or set AUTH_SECRET, as the server has it')
  if (options.secret.length < MIN_SECRET_LENGTH)
    return fail(`the secret must be at least ${MIN_SECRET_LENGTH} characters long`)
  if (options.url !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(options.url))
    return fail(
      `--url must be the server's address like https://host:port, got ${JSON.stringify(options.url)}`,
    )
  const expires = options.expires
  let token: string
  try {
    token = await mintToken(options.secret, {
      name: options.user,
      role: options.role,
      doc: options.doc,
      expiresIn: expires !== undefined && /^\d+$/.test(expires) ? Number(expires) : expires,
    })
  } catch (e) {
    return fail(describeError(e))
  }
  io.stdout.write(`${token}\n`)
  if (options.url !== undefined) io.stdout.write(`${options.url.replace(/\/+$/, '')}/#/invite/${token}\n`)
  return ExitCode.ok
}

import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { canWrite, mintToken, readCookie, TokenError, tokenExpiry, verifyToken } from './auth'

const SECRET = 'a-test-secret-that-is-long-enough-0123'
const OTHER = 'another-secret-that-is-long-enough-4567'

async function refusal(token: string | undefined, secret = SECRET): Promise<TokenError> {
  try {
    await verifyToken(secret, token)
  } catch (e) {
    if (e instanceof TokenError) return e
    throw e
  }
  throw new Error('the token was accepted')
}

describe('auth tokens', () => {
  it('[AC1] a minted token verifies to its name, role and article', async () => {
    const token = await mintToken(SECRET, { name: '  Ann ', role: 'viewer', doc: 'a1', expiresIn: '1h' })
    expect(await verifyToken(SECRET, token)).toEqual({ name: 'Ann', role: 'viewer', doc: 'a1' })
    const exp = tokenExpiry(token)!
    expect(exp - Date.now() / 1000).toBeGreaterThan(3590)
    expect(exp - Date.now() / 1000).toBeLessThanOrEqual(3600)
    const open = await mintToken(SECRET, { name: 'Rita', role: 'reviewer' })
    expect(await verifyToken(SECRET, open)).toEqual({ name: 'Rita', role: 'reviewer' })
    expect(tokenExpiry(open)).toBeUndefined()
    // A number is a lifetime in seconds, not jose's absolute time.
    const short = await mintToken(SECRET, { name: 'Ann', role: 'annotator', expiresIn: 60 })
    expect(tokenExpiry(short)! - Date.now() / 1000).toBeGreaterThan(50)
  })

  it('[AC1] missing, forged, tampered, expired and wrongly signed tokens are refused with a reason', async () => {
    expect((await refusal(undefined)).reason).toBe('missing')
    expect((await refusal('')).reason).toBe('missing')
    expect((await refusal('not.a.jwt')).reason).toBe('invalid')
    const token = await mintToken(SECRET, { name: 'Ann', role: 'viewer' })
    expect((await refusal(token, OTHER)).reason).toBe('invalid')
    // Same header and signature, payload changed to claim a writing role.
    const [header, , signature] = token.split('.')
    const payload = Buffer.from(JSON.stringify({ sub: 'Ann', role: 'reviewer' })).toString('base64url')
    expect((await refusal(`${header}.${payload}.${signature}`)).reason).toBe('invalid')
    const expired = await new SignJWT({ role: 'annotator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('Ann')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(SECRET))
    expect((await refusal(expired)).reason).toBe('expired')
    // `alg: none` is never accepted.
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`
    expect((await refusal(none)).reason).toBe('invalid')
  })

  it('[AC1] a correctly signed token with bad claims is refused', async () => {
    const key = new TextEncoder().encode(SECRET)
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key)
    expect((await refusal(await sign({ role: 'annotator' }))).reason).toBe('invalid') // no sub
    expect((await refusal(await sign({ sub: 'Ann', role: 'admin' }))).reason).toBe('invalid')
    expect((await refusal(await sign({ sub: 'Ann', role: 'viewer', doc: '../x' }))).reason).toBe('invalid')
    // HS512 with the same secret is not HS256.
    const hs512 = await new SignJWT({ sub: 'Ann', role: 'viewer' })
      .setProtectedHeader({ alg: 'HS512' })
      .sign(key)
    expect((await refusal(hs512)).reason).toBe('invalid')
  })

  it('[AC1] mintToken refuses a short secret, bad names, roles, articles and lifetimes', async () => {
    await expect(mintToken('short', { name: 'Ann', role: 'viewer' })).rejects.toThrow(RangeError)
    await expect(mintToken(SECRET, { name: '  ', role: 'viewer' })).rejects.toThrow(RangeError)
    await expect(mintToken(SECRET, { name: 'x'.repeat(65), role: 'viewer' })).rejects.toThrow(RangeError)
    await expect(mintToken(SECRET, { name: 'Ann', role: 'admin' as unknown as 'viewer' })).rejects.toThrow(
      RangeError,
    )
    await expect(mintToken(SECRET, { name: 'Ann', role: 'viewer', doc: 'a/b' })).rejects.toThrow(RangeError)
    await expect(mintToken(SECRET, { name: 'Ann', role: 'viewer', expiresIn: 'soon' })).rejects.toThrow(
      RangeError,
    )
    await expect(verifyToken('short', 'x.y.z')).rejects.toThrow()
  })

  it('reads cookies and roles', () => {
    expect(readCookie('a=1; attrib_token=abc%20d; b=2', 'attrib_token')).toBe('abc d')
    expect(readCookie('xattrib_token=1', 'attrib_token')).toBeUndefined()
    expect(readCookie(undefined, 'attrib_token')).toBeUndefined()
    expect([canWrite('annotator'), canWrite('reviewer'), canWrite('viewer')]).toEqual([true, true, false])
  })
})

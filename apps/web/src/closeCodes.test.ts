import { CloseCode } from '@attrib/core'
import { describe, expect, it } from 'vitest'
import { deniedBy } from './closeCodes'

describe('deniedBy', () => {
  it('[WS19] tells an expired session, a closed door and a refused change apart by the code alone', () => {
    expect(deniedBy(CloseCode.Unauthorized)).toBe('unauthorized')
    expect(deniedBy(CloseCode.Forbidden)).toBe('forbidden')
    expect(deniedBy(CloseCode.Refused)).toBe('refused')
    expect(deniedBy(CloseCode.BadMessage)).toBe('refused')
    expect(deniedBy(CloseCode.DocumentTooLarge)).toBe('refused')
    expect(deniedBy(CloseCode.RateLimited)).toBe('refused')
    // A deleted article's open room closes with 4404 (HTTP11): the page says the article is gone.
    expect(deniedBy(CloseCode.NotFound)).toBe('missing')
  })

  it('[WS19] leaves the closes the client recovers from alone', () => {
    for (const code of [1000, 1001, 1006, 1011, 4500, 4501]) expect(deniedBy(code)).toBeNull()
  })
})

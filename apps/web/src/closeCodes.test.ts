import { describe, expect, it } from 'vitest'
import { deniedBy } from './closeCodes'

describe('deniedBy', () => {
  it('tells an expired session, a closed door and a refused change apart', () => {
    expect(deniedBy(4401, 'token expired')).toBe('unauthorized')
    expect(deniedBy(4403, 'the token is for another article')).toBe('forbidden')
    expect(deniedBy(4403, 'only a reviewer may do this: changed the setting meta.review')).toBe('refused')
    expect(deniedBy(4403, 'an update of yours was refused in this article; try again in 60 s')).toBe(
      'refused',
    )
    expect(deniedBy(4400, 'update does not apply: boom')).toBe('refused')
    expect(deniedBy(4413, 'the document would exceed its size limit')).toBe('refused')
    expect(deniedBy(4429, 'rate limit')).toBe('refused')
  })

  it('leaves the closes the client recovers from alone', () => {
    for (const code of [1000, 1001, 1006, 1011, 4500, 4501]) expect(deniedBy(code, '')).toBeNull()
  })
})

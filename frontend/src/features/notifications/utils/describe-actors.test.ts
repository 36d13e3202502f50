import { describe, expect, it } from 'vitest'

import { describeActors } from './describe-actors'

const alice = { displayName: 'Alice' }
const bob = { displayName: 'Bob' }
const carol = { displayName: 'Carol' }

describe('describeActors', () => {
  it('names one or two actors', () => {
    expect(describeActors([alice])).toBe('Alice')
    expect(describeActors([alice, bob])).toBe('Alice and Bob')
  })

  it('counts the rest of a group as others, including those not listed', () => {
    expect(describeActors([alice, bob, carol], 13)).toBe('Alice and 12 others')
    expect(describeActors([alice], 2)).toBe('Alice and 1 other')
    expect(describeActors([alice, bob, carol])).toBe('Alice and 2 others')
  })

  it('says someone when the actor is unknown', () => {
    expect(describeActors([])).toBe('Someone')
  })
})

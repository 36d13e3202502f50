import { describe, expect, it } from 'vitest'

import type { Journey } from '../api/get-journey'
import { journeySteps } from './journey-steps'

const at = '2026-12-01T22:00:00.000Z'

function journey(overrides: Partial<Journey>): Journey {
  return { tweetId: '9', authorId: '1', tier: null, done: false, delivery: null, steps: [{ name: 'accepted', at, afterMs: 0 }], ...overrides }
}

const allSteps = [
  { name: 'accepted' as const, at, afterMs: 0 },
  { name: 'relayed' as const, at, afterMs: 6 },
  { name: 'fanoutStarted' as const, at, afterMs: 9 },
  { name: 'visible' as const, at, afterMs: 12 },
  { name: 'fanoutDone' as const, at, afterMs: 14 },
]

describe("a tweet's journey as the page shows it", () => {
  it('has five steps in order, waiting until they happen', () => {
    const steps = journeySteps(journey({}), 23.4)
    expect(steps.map((s) => s.name)).toEqual(['accepted', 'relayed', 'fanoutStarted', 'visible', 'fanoutDone'])
    expect(steps.map((s) => s.state)).toEqual(['done', 'waiting', 'waiting', 'waiting', 'waiting'])
    expect(steps[0]).toMatchObject({ afterMs: 0, detail: 'the POST was answered in 23 ms' })
    expect(journeySteps(undefined).every((s) => s.state === 'waiting')).toBe(true)
  })

  it("tells a pushed tweet's followers written, away and not cached", () => {
    const steps = journeySteps(
      journey({ tier: 'influencer', done: true, delivery: { followers: 10, written: 1, skipped: 6, uncached: 3, pulled: 0 }, steps: allSteps }),
    )
    expect(steps.map((s) => s.afterMs)).toEqual([0, 6, 9, 12, 14])
    expect(steps[3]!.label).toBe("In a follower's home timeline")
    expect(steps[4]!.detail).toBe(
      "written to 1 follower's timeline of 10; 6 away (they catch up at their next read); 3 not cached (rebuilt at their next read)",
    )
  })

  it("tells a celebrity's tweet is pulled by its followers and visible once in the recent list", () => {
    const steps = journeySteps(
      journey({ tier: 'celebrity', done: true, delivery: { followers: 5000, written: 0, skipped: 0, uncached: 0, pulled: 5000 }, steps: allSteps }),
    )
    expect(steps[3]!.label).toMatch(/recent list/)
    expect(steps[4]!.detail).toBe('not pushed: 5,000 followers pull it when they read')
  })

  it('says why a done journey has no visible step', () => {
    const noVisible = allSteps.filter((s) => s.name !== 'visible')
    const uncached = journeySteps(
      journey({ tier: 'normal', done: true, delivery: { followers: 2, written: 0, skipped: 0, uncached: 2, pulled: 0 }, steps: noVisible }),
    )
    expect(uncached[3]).toMatchObject({ state: 'none', detail: expect.stringMatching(/rebuilt from PostgreSQL/) })
    const away = journeySteps(
      journey({ tier: 'influencer', done: true, delivery: { followers: 2, written: 0, skipped: 2, uncached: 0, pulled: 0 }, steps: noVisible }),
    )
    expect(away[3]!.detail).toMatch(/catch up/)
    const alone = journeySteps(
      journey({ tier: 'normal', done: true, delivery: { followers: 0, written: 0, skipped: 0, uncached: 0, pulled: 0 }, steps: noVisible }),
    )
    expect(alone[3]!.detail).toBe('the author has no followers yet')
  })
})

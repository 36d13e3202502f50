import { describe, expect, it } from 'vitest'

import type { Internals } from '../api/get-internals'
import { liveRates } from './live-rates'

function sample(second: number, writes: number, reads: { cache: number; catchUp?: number; rebuild: number; pulled: number }): Internals {
  const at = new Date(Date.UTC(2026, 11, 1, 22, 0, second)).toISOString()
  const total = reads.cache + (reads.catchUp ?? 0) + reads.rebuild
  return {
    at,
    fanout: { workers: 1, at, backlog: 0, writes, inserted: writes, skipped: writes / 10, tweets: { normal: 1 } },
    homeReads: {
      instances: 1,
      at,
      total,
      byPath: { cache: reads.cache, catch_up: reads.catchUp ?? 0, rebuild: reads.rebuild, postgres: 0 },
      pulled: reads.pulled,
    },
    authors: null,
  }
}

describe('rates from the polled totals', () => {
  it('are taken between the oldest and the newest answer', () => {
    const rates = liveRates([
      sample(0, 1000, { cache: 100, rebuild: 10, pulled: 20 }),
      sample(2, 5000, { cache: 150, rebuild: 10, pulled: 30 }),
      sample(4, 9000, { cache: 170, catchUp: 10, rebuild: 30, pulled: 40 }),
    ])
    expect(rates.writesPerSecond).toBe(2000)
    expect(rates.skippedPerSecond).toBe(200)
    expect(rates.readsPerSecond).toBe(25)
    // 100 reads in 4 s: 80 from the cached list (70 hits, 10 catch-ups), 20 rebuilt
    expect(rates.cacheHitRate).toBe(0.8)
    expect(rates.pullShare).toBe(0.2)
    expect(rates.fanoutSeconds).toBe(4)
  })

  it('are unknown from one answer, or from answers of the same publication', () => {
    const one = sample(0, 1000, { cache: 1, rebuild: 0, pulled: 0 })
    expect(liveRates([one]).writesPerSecond).toBeNull()
    expect(liveRates([one, one]).readsPerSecond).toBeNull()
    expect(liveRates([]).cacheHitRate).toBeNull()
  })

  it('start again after a total went down (an instance restarted)', () => {
    const rates = liveRates([
      sample(0, 9000, { cache: 500, rebuild: 0, pulled: 0 }),
      sample(2, 100, { cache: 10, rebuild: 0, pulled: 0 }),
      sample(4, 300, { cache: 30, rebuild: 0, pulled: 10 }),
    ])
    expect(rates.writesPerSecond).toBe(100)
    expect(rates.readsPerSecond).toBe(10)
    expect(rates.pullShare).toBe(0.5)
  })

  it('have no hit rate or pull share while nobody reads', () => {
    const rates = liveRates([
      sample(0, 10, { cache: 5, rebuild: 1, pulled: 0 }),
      sample(2, 10, { cache: 5, rebuild: 1, pulled: 0 }),
    ])
    expect(rates.readsPerSecond).toBe(0)
    expect(rates.cacheHitRate).toBeNull()
    expect(rates.pullShare).toBeNull()
  })

  it('leave out the answers without a part', () => {
    const a = sample(0, 100, { cache: 1, rebuild: 0, pulled: 0 })
    const b = { ...sample(2, 300, { cache: 2, rebuild: 0, pulled: 0 }), fanout: null }
    const c = sample(4, 500, { cache: 3, rebuild: 0, pulled: 0 })
    expect(liveRates([a, b, c]).writesPerSecond).toBe(100)
    expect(liveRates([a, b]).writesPerSecond).toBeNull()
  })
})

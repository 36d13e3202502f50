import type { BarSeries } from '@/components/charts/bar-chart'
import type { LineSeries } from '@/components/charts/line-chart'

import type { LabRun } from '../lab-run'

export const TIERS = ['normal', 'influencer', 'celebrity'] as const

/** Home reads' p99 against the offered rate, a line per mode (the lab stops a mode at its first overloaded rate). */
export function p99Lines(run: LabRun): LineSeries[] {
  return run.modes.map((m) => ({ name: m.name, points: m.reads.map((r) => ({ x: r.rate, y: Math.max(0.1, r.p99) })) }))
}

/** Timeline entries written per tweet, a bar per tier of author in each mode. */
export function writesByTier(run: LabRun): BarSeries[] {
  return TIERS.map((tier) => ({ name: tier, values: run.modes.map((m) => m.writesPerTweetByTier[tier] ?? 0) }))
}

/** Valkey's used memory after each mode's tweets, in MB. */
export function memory(run: LabRun): BarSeries[] {
  return [{ name: 'Valkey used memory', values: run.modes.map((m) => m.valkeyBytesAfter / 1024 / 1024) }]
}

/** Ordinary tweets posted right after a very large account's: how long they took to reach a follower. */
export function burstDelays(run: LabRun): BarSeries[] {
  return [
    { name: 'ordinary tweets, p50', values: run.modes.map((m) => m.burst.ordinaryP50) },
    { name: 'ordinary tweets, slowest', values: run.modes.map((m) => m.burst.ordinaryMax) },
    { name: "the large account's own", values: run.modes.map((m) => m.burst.bigTweetDeliveredMs) },
  ]
}

import type { Internals } from '../api/get-internals'

/** What the page shows from the last few polls: rates per second and shares of the home reads, null when unknown. */
export type LiveRates = {
  writesPerSecond: number | null
  skippedPerSecond: number | null
  readsPerSecond: number | null
  /** Reads that found the viewer's list in Valkey (cache, or catch-up after a gap), of all reads. */
  cacheHitRate: number | null
  /** Reads that merged pulled authors' recent lists, of all reads. */
  pullShare: number | null
  /** Over how many seconds (between the oldest and newest sample used), per part. */
  fanoutSeconds: number | null
  readsSeconds: number | null
}

type Part<T> = { at: number; values: T }

/**
 * The oldest and newest of the samples' parts, since the last restart: a total that went down
 * (an instance restarted, or stopped while others go on) starts the window again there.
 */
function window<T>(parts: Part<T>[], totals: (values: T) => number[]): [Part<T>, Part<T>] | null {
  let start = 0
  for (let i = 1; i < parts.length; i++) {
    const before = totals(parts[i - 1]!.values)
    const now = totals(parts[i]!.values)
    if (now.some((value, k) => value < before[k]!)) start = i
  }
  const first = parts[start]
  const last = parts[parts.length - 1]
  return first && last && last.at > first.at ? [first, last] : null
}

/** Rates from successive answers of GET /api/lab/internals, oldest first (the page keeps the last few). */
export function liveRates(samples: Internals[]): LiveRates {
  const fanouts = samples.flatMap((s) => (s.fanout ? [{ at: Date.parse(s.fanout.at), values: s.fanout }] : []))
  const reads = samples.flatMap((s) => (s.homeReads ? [{ at: Date.parse(s.homeReads.at), values: s.homeReads }] : []))
  const rates: LiveRates = {
    writesPerSecond: null,
    skippedPerSecond: null,
    readsPerSecond: null,
    cacheHitRate: null,
    pullShare: null,
    fanoutSeconds: null,
    readsSeconds: null,
  }
  const fanout = window(unique(fanouts), (f) => [f.writes, f.skipped])
  if (fanout) {
    const [first, last] = fanout
    const seconds = (last.at - first.at) / 1000
    rates.fanoutSeconds = seconds
    rates.writesPerSecond = (last.values.writes - first.values.writes) / seconds
    rates.skippedPerSecond = (last.values.skipped - first.values.skipped) / seconds
  }
  const home = window(unique(reads), (r) => [r.total, r.pulled])
  if (home) {
    const [first, last] = home
    const seconds = (last.at - first.at) / 1000
    const total = last.values.total - first.values.total
    const hits = (r: typeof first.values) => (r.byPath.cache ?? 0) + (r.byPath.catch_up ?? 0)
    rates.readsSeconds = seconds
    rates.readsPerSecond = total / seconds
    if (total > 0) {
      rates.cacheHitRate = (hits(last.values) - hits(first.values)) / total
      rates.pullShare = (last.values.pulled - first.values.pulled) / total
    }
  }
  return rates
}

/** One part per publication: polls faster than the instances publish see the same one twice. */
function unique<T>(parts: Part<T>[]): Part<T>[] {
  return parts.filter((part, i) => i === 0 || part.at !== parts[i - 1]!.at)
}

import { queryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { z } from '@/lib/zod'

const fanoutSchema = z.object({
  workers: z.number(),
  at: z.string(),
  backlog: z.number(),
  writes: z.number(),
  inserted: z.number(),
  skipped: z.number(),
  tweets: z.record(z.string(), z.number()),
})

const homeReadsSchema = z.object({
  instances: z.number(),
  at: z.string(),
  total: z.number(),
  byPath: z.record(z.string(), z.number()),
  pulled: z.number(),
})

const authorsSchema = z.object({
  at: z.string(),
  normal: z.number(),
  influencer: z.number(),
  celebrity: z.number(),
})

/** GET /api/lab/internals: totals since the instances started, with the time each part was taken (docs/api.md). */
export const internalsSchema = z.object({
  at: z.string(),
  /** Null while no fanout worker publishes. */
  fanout: fanoutSchema.nullable(),
  homeReads: homeReadsSchema.nullable(),
  authors: authorsSchema.nullable(),
})

export type Internals = z.infer<typeof internalsSchema>

export async function getInternals(): Promise<Internals> {
  return internalsSchema.parse(await apiFetch('/api/lab/internals'))
}

/** Polled every 2 s while the Lab page is open. */
export const internalsQueryOptions = queryOptions({
  queryKey: ['lab', 'internals'],
  queryFn: getInternals,
  refetchInterval: 2_000,
})

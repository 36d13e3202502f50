import { queryOptions } from '@tanstack/react-query'
import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'
import { listQuery } from '@/lib/paging'

const trendSchema = z.object({
  // Stored without the '#'; tolerate one all the same.
  hashtag: z.string().transform((tag) => tag.replace(/^[#＃]/, '')),
  score: z.number().optional(),
  tweetCount: z.number().default(0),
  uniqueAuthors: z.number().optional(),
  velocity: z.number().optional(),
  rising: z.boolean().default(false),
})

const trendsSchema = z.object({
  items: z.array(trendSchema),
  updatedAt: z.string().nullish(),
  /** True when the service answers from an older snapshot (e.g. while its store is down). */
  stale: z.boolean().default(false),
})

export type Trend = z.infer<typeof trendSchema>
export type Trends = z.infer<typeof trendsSchema>

/** GET /api/trends?limit=: the hashtags trending now, by score. */
export async function getTrends(limit: number): Promise<Trends> {
  return trendsSchema.parse(await apiFetch(`/api/trends${listQuery({ limit })}`))
}

export const trendsQueryOptions = (limit = 10) =>
  queryOptions({
    queryKey: ['trends', { limit }],
    queryFn: () => getTrends(limit),
    // Trends move by the minute; a page left open keeps up with them.
    refetchInterval: 60_000,
  })

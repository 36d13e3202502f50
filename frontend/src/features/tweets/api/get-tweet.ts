import { queryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { tweetSchema, type Tweet } from '@/lib/schemas'

import { tweetKeys } from './query-keys'

/** GET /api/tweets/{id}: 404 when it never existed or was deleted. */
export async function getTweet(tweetId: string): Promise<Tweet> {
  return tweetSchema.parse(await apiFetch(`/api/tweets/${tweetId}`))
}

export const tweetQueryOptions = (tweetId: string) =>
  queryOptions({
    queryKey: tweetKeys.detail(tweetId),
    queryFn: () => getTweet(tweetId),
  })

import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, tweetSchema } from '@/lib/schemas'

import { tweetKeys } from './query-keys'

const tweetsPage = pageSchema(tweetSchema)

/** GET /api/timeline/user/{id}: a user's tweets, replies and retweets, newest first. */
export async function getUserTimeline(userId: string, cursor?: string) {
  return tweetsPage.parse(await apiFetch(`/api/timeline/user/${userId}${listQuery({ cursor })}`))
}

export const userTimelineQueryOptions = (userId: string) =>
  infiniteQueryOptions({
    queryKey: tweetKeys.user(userId),
    queryFn: ({ pageParam }) => getUserTimeline(userId, pageParam),
    ...cursorPaging,
  })

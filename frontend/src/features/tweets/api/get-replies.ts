import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, tweetSchema } from '@/lib/schemas'

import { tweetKeys } from './query-keys'

const tweetsPage = pageSchema(tweetSchema)

/** GET /api/tweets/{id}/replies: a page of the replies to a tweet. */
export async function getReplies(tweetId: string, cursor?: string) {
  return tweetsPage.parse(await apiFetch(`/api/tweets/${tweetId}/replies${listQuery({ cursor })}`))
}

export const repliesQueryOptions = (tweetId: string) =>
  infiniteQueryOptions({
    queryKey: tweetKeys.replies(tweetId),
    queryFn: ({ pageParam }) => getReplies(tweetId, pageParam),
    ...cursorPaging,
  })

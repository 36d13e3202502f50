import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, tweetSchema } from '@/lib/schemas'

import { tweetKeys } from './query-keys'

const tweetsPage = pageSchema(tweetSchema)

/** GET /api/hashtags/{tag}/tweets: the tweets carrying a hashtag (any case or width), newest first. */
export async function getHashtagTweets(tag: string, cursor?: string) {
  return tweetsPage.parse(await apiFetch(`/api/hashtags/${encodeURIComponent(tag)}/tweets${listQuery({ cursor })}`))
}

export const hashtagTweetsQueryOptions = (tag: string) =>
  infiniteQueryOptions({
    queryKey: tweetKeys.hashtag(tag),
    queryFn: ({ pageParam }) => getHashtagTweets(tag, pageParam),
    ...cursorPaging,
  })

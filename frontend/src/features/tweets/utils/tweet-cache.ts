import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query'

import type { Page, Tweet } from '@/lib/schemas'

import { tweetKeys } from '../api/query-keys'

type TweetPages = InfiniteData<Page<Tweet>, string | undefined>

/** The tweet as the cache holds it now, from whichever query has it. */
export function findTweet(queryClient: QueryClient, tweetId: string): Tweet | undefined {
  const detail = queryClient.getQueryData<Tweet>(tweetKeys.detail(tweetId))
  if (detail) return detail
  for (const [, data] of queryClient.getQueriesData<TweetPages>({ queryKey: tweetKeys.lists() })) {
    const tweet = data?.pages.flatMap((page) => page.items).find((item) => item.id === tweetId)
    if (tweet) return tweet
  }
  return undefined
}

/** Changes a tweet wherever it shows: its own page and every list holding it. */
export function updateTweet(queryClient: QueryClient, tweetId: string, update: (tweet: Tweet) => Tweet) {
  queryClient.setQueriesData<Tweet>({ queryKey: tweetKeys.details() }, (tweet) =>
    tweet?.id === tweetId ? update(tweet) : tweet,
  )
  queryClient.setQueriesData<TweetPages>({ queryKey: tweetKeys.lists() }, (data) =>
    mapItems(data, (items) => items.map((item) => (item.id === tweetId ? update(item) : item))),
  )
}

/** Takes a deleted tweet out of every list. */
export function removeTweet(queryClient: QueryClient, tweetId: string) {
  queryClient.setQueriesData<TweetPages>({ queryKey: tweetKeys.lists() }, (data) =>
    mapItems(data, (items) => items.filter((item) => item.id !== tweetId)),
  )
}

/** Puts tweets at the top of a list that is loaded (one not loaded yet will fetch them anyway). */
export function prependTweets(queryClient: QueryClient, queryKey: QueryKey, tweets: Tweet[]) {
  queryClient.setQueryData<TweetPages>(queryKey, (data) => {
    const [first, ...rest] = data?.pages ?? []
    if (!data || !first) return data
    const fresh = tweets.filter((tweet) => !first.items.some((item) => item.id === tweet.id))
    return { ...data, pages: [{ ...first, items: [...fresh, ...first.items] }, ...rest] }
  })
}

function mapItems(data: TweetPages | undefined, map: (items: Tweet[]) => Tweet[]): TweetPages | undefined {
  if (!data) return data
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: map(page.items) })) }
}

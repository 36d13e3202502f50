import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, tweetSchema } from '@/lib/schemas'

import { tweetKeys } from './query-keys'

const tweetsPage = pageSchema(tweetSchema)

/** GET /api/timeline/home: the viewer's own tweets and those of whom they follow, newest first. */
export async function getHomeTimeline(cursor?: string) {
  return tweetsPage.parse(await apiFetch(`/api/timeline/home${listQuery({ cursor })}`))
}

export const homeTimelineQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: tweetKeys.home(),
    queryFn: ({ pageParam }) => getHomeTimeline(pageParam),
    ...cursorPaging,
  })

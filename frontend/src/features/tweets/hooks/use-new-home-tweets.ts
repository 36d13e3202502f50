import { useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'

import { useEventSource } from '@/hooks/use-event-source'
import { tweetSchema, type Tweet } from '@/lib/schemas'

import { homeTimelineQueryOptions } from '../api/get-home-timeline'
import { tweetKeys } from '../api/query-keys'
import { prependTweets } from '../utils/tweet-cache'

/**
 * New tweets for the home timeline, as they arrive on the SSE stream: held back until the
 * viewer asks for them ("Show 3 new tweets"), so the page does not move under their eyes.
 * A tweet the timeline already shows (the viewer's own, just posted) is not counted.
 */
export function useNewHomeTweets() {
  const queryClient = useQueryClient()
  const [arrived, setArrived] = useState<Tweet[]>([])
  const { data } = useSuspenseInfiniteQuery(homeTimelineQueryOptions())

  useEventSource('/api/timeline/stream', {
    tweet: (event) => {
      const parsed = tweetSchema.safeParse(parseJson(event.data))
      if (!parsed.success) return
      const tweet = parsed.data
      setArrived((earlier) => [tweet, ...earlier.filter((t) => t.id !== tweet.id)])
    },
  })

  const shown = new Set(data.pages.flatMap((page) => page.items.map((item) => item.id)))
  const waiting = arrived.filter((tweet) => !shown.has(tweet.id))

  const showWaiting = () => {
    prependTweets(queryClient, tweetKeys.home(), waiting)
    setArrived([])
  }

  return { waiting, showWaiting }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

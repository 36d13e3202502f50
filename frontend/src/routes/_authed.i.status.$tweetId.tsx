import { createFileRoute, redirect } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { tweetQueryOptions } from '@/features/tweets/api/get-tweet'
import { paramsOf, tweetIdSchema } from '@/lib/route-params'

/** A tweet by id alone (a reply's parent): on to its address under its author. */
export const Route = createFileRoute('/_authed/i/status/$tweetId')({
  params: paramsOf({ tweetId: tweetIdSchema }),
  loader: async ({ context: { queryClient }, params: { tweetId } }) => {
    const tweet = await queryClient.ensureQueryData(tweetQueryOptions(tweetId))
    throw redirect({
      to: '/$username/status/$tweetId',
      params: { username: tweet.author.username, tweetId },
      replace: true,
    })
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
})

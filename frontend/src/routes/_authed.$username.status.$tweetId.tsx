import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { repliesQueryOptions } from '@/features/tweets/api/get-replies'
import { tweetQueryOptions } from '@/features/tweets/api/get-tweet'
import { ComposeBox } from '@/features/tweets/components/compose-box'
import { TweetDetail } from '@/features/tweets/components/tweet-detail'
import { TweetList } from '@/features/tweets/components/tweet-list'
import { paramsOf, tweetIdSchema, usernameSchema } from '@/lib/route-params'

export const Route = createFileRoute('/_authed/$username/status/$tweetId')({
  params: paramsOf({ username: usernameSchema, tweetId: tweetIdSchema }),
  loader: ({ context: { queryClient }, params: { tweetId } }) =>
    Promise.all([
      queryClient.ensureQueryData(tweetQueryOptions(tweetId)),
      queryClient.ensureInfiniteQueryData(repliesQueryOptions(tweetId)),
    ]),
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: TweetPage,
})

function TweetPage() {
  const { tweetId } = Route.useParams()
  const { data: tweet } = useSuspenseQuery(tweetQueryOptions(tweetId))

  return (
    <>
      <PageHeader title="Tweet" back />
      <TweetDetail tweetId={tweetId} />
      <ComposeBox replyTo={tweet} />
      <TweetList
        query={repliesQueryOptions(tweetId)}
        showReplyContext={false}
        emptyTitle="No replies yet"
        emptyText="Be the first to reply."
      />
    </>
  )
}

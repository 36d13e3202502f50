import { createFileRoute } from '@tanstack/react-router'
import { z } from '@/lib/zod'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { hashtagTweetsQueryOptions } from '@/features/tweets/api/get-hashtag-tweets'
import { TweetList } from '@/features/tweets/components/tweet-list'
import { paramsOf } from '@/lib/route-params'

export const Route = createFileRoute('/_authed/hashtag/$tag')({
  params: paramsOf({ tag: z.string().min(1).max(280) }),
  loader: ({ context: { queryClient }, params: { tag } }) =>
    queryClient.ensureInfiniteQueryData(hashtagTweetsQueryOptions(tag)),
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: HashtagPage,
})

function HashtagPage() {
  const { tag } = Route.useParams()

  return (
    <>
      <PageHeader title={`#${tag}`} back />
      <TweetList
        query={hashtagTweetsQueryOptions(tag)}
        emptyTitle={`No tweets with #${tag}`}
        emptyText="Be the first: tweet something with this hashtag."
      />
    </>
  )
}

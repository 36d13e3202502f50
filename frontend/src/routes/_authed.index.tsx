import { createFileRoute } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { homeTimelineQueryOptions } from '@/features/tweets/api/get-home-timeline'
import { ComposeBox } from '@/features/tweets/components/compose-box'
import { NewTweetsBar } from '@/features/tweets/components/new-tweets-bar'
import { TweetList } from '@/features/tweets/components/tweet-list'

export const Route = createFileRoute('/_authed/')({
  // the page a signed-in visit starts on: in the main bundle, so that it renders once its
  // timeline is in, without waiting for chunks fetched after the session check
  codeSplitGroupings: [],
  loader: ({ context: { queryClient } }) => queryClient.ensureInfiniteQueryData(homeTimelineQueryOptions()),
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: HomePage,
})

function HomePage() {
  return (
    <>
      <PageHeader title="Home" />
      <ComposeBox />
      <NewTweetsBar />
      <TweetList
        query={homeTimelineQueryOptions()}
        emptyTitle="Welcome to Twitter-like!"
        emptyText="This is the best place to see what's happening. Follow some people from Explore, and their tweets will show up here."
      />
    </>
  )
}

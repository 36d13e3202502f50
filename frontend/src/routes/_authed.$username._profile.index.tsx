import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { userTimelineQueryOptions } from '@/features/tweets/api/get-user-timeline'
import { TweetList } from '@/features/tweets/components/tweet-list'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'

export const Route = createFileRoute('/_authed/$username/_profile/')({
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: ProfileTweets,
})

function ProfileTweets() {
  const { username } = Route.useParams()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <TweetList
      query={userTimelineQueryOptions(user.id)}
      filter={(tweet) => !tweet.replyTo || tweet.retweetedBy != null}
      emptyTitle={`@${user.username} hasn't tweeted`}
      emptyText="When they do, their tweets will show up here."
    />
  )
}

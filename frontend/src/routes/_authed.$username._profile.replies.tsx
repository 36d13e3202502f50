import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { userTimelineQueryOptions } from '@/features/tweets/api/get-user-timeline'
import { TweetList } from '@/features/tweets/components/tweet-list'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'

/** The user's replies: the replies in their timeline (it has no list of its own for them). */
export const Route = createFileRoute('/_authed/$username/_profile/replies')({
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: ProfileReplies,
})

function ProfileReplies() {
  const { username } = Route.useParams()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <TweetList
      query={userTimelineQueryOptions(user.id)}
      filter={(tweet) => tweet.replyTo != null && tweet.retweetedBy == null}
      emptyTitle={`@${user.username} hasn't replied yet`}
      emptyText="When they do, their replies will show up here."
    />
  )
}

import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute, Link, Outlet } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { userTimelineQueryOptions } from '@/features/tweets/api/get-user-timeline'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'
import { ProfileHeader } from '@/features/users/components/profile-header'
import { formatNumber } from '@/lib/format'
import { paramsOf, usernameSchema } from '@/lib/route-params'
import { useViewer } from '@/lib/session'

/** A profile: its header and tabs, around the tab's list of tweets. */
export const Route = createFileRoute('/_authed/$username/_profile')({
  params: paramsOf({ username: usernameSchema }),
  loader: async ({ context: { queryClient }, params: { username } }) => {
    const user = await queryClient.ensureQueryData(userByUsernameQueryOptions(username))
    await queryClient.ensureInfiniteQueryData(userTimelineQueryOptions(user.id))
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: ProfileLayout,
})

const tabClass =
  'flex-1 py-4 text-center font-medium text-muted hover:bg-subtle data-[status=active]:font-bold data-[status=active]:text-ink'

function ProfileLayout() {
  const { username } = Route.useParams()
  const viewer = useViewer()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <>
      <PageHeader title={user.displayName} subtitle={`${formatNumber(user.tweetCount)} ${user.tweetCount === 1 ? 'tweet' : 'tweets'}`} back />
      <ProfileHeader user={user} isViewer={user.id === viewer.id} />
      <nav aria-label="Profile tabs" className="flex border-b border-line">
        <Link to="/$username" params={{ username }} activeOptions={{ exact: true }} className={tabClass}>
          Tweets
        </Link>
        <Link to="/$username/replies" params={{ username }} className={tabClass}>
          Replies
        </Link>
      </nav>
      <Outlet />
    </>
  )
}

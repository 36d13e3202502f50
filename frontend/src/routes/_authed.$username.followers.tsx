import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute, Link } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { followersQueryOptions } from '@/features/users/api/get-followers'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'
import { UserList } from '@/features/users/components/user-list'
import { paramsOf, usernameSchema } from '@/lib/route-params'

export const Route = createFileRoute('/_authed/$username/followers')({
  params: paramsOf({ username: usernameSchema }),
  loader: async ({ context: { queryClient }, params: { username } }) => {
    const user = await queryClient.ensureQueryData(userByUsernameQueryOptions(username))
    await queryClient.ensureInfiniteQueryData(followersQueryOptions(user.id))
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: FollowersPage,
})

const tabClass =
  'flex-1 py-4 text-center font-medium text-muted hover:bg-subtle data-[status=active]:font-bold data-[status=active]:text-ink'

function FollowersPage() {
  const { username } = Route.useParams()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <>
      <PageHeader title={user.displayName} subtitle={`@${user.username}`} back>
        <nav aria-label="Connections" className="flex">
          <Link to="/$username/followers" params={{ username }} className={tabClass}>
            Followers
          </Link>
          <Link to="/$username/following" params={{ username }} className={tabClass}>
            Following
          </Link>
        </nav>
      </PageHeader>
      <UserList query={followersQueryOptions(user.id)} emptyTitle="No followers yet" emptyText="When someone follows this account, they’ll show up here." />
    </>
  )
}

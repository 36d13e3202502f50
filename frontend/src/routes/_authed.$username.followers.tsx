import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { followersQueryOptions } from '@/features/users/api/get-followers'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'
import { ConnectionsHeader } from '@/features/users/components/connections-header'
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

function FollowersPage() {
  const { username } = Route.useParams()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <>
      <ConnectionsHeader username={username} handle={user.username} displayName={user.displayName} />
      <UserList query={followersQueryOptions(user.id)} emptyTitle="No followers yet" emptyText="When someone follows this account, they’ll show up here." />
    </>
  )
}

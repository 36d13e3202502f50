import { useSuspenseQuery } from '@tanstack/react-query'
import { createFileRoute } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { followingQueryOptions } from '@/features/users/api/get-following'
import { userByUsernameQueryOptions } from '@/features/users/api/get-user-by-username'
import { ConnectionsHeader } from '@/features/users/components/connections-header'
import { UserList } from '@/features/users/components/user-list'
import { paramsOf, usernameSchema } from '@/lib/route-params'

export const Route = createFileRoute('/_authed/$username/following')({
  params: paramsOf({ username: usernameSchema }),
  loader: async ({ context: { queryClient }, params: { username } }) => {
    const user = await queryClient.ensureQueryData(userByUsernameQueryOptions(username))
    await queryClient.ensureInfiniteQueryData(followingQueryOptions(user.id))
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: FollowingPage,
})

function FollowingPage() {
  const { username } = Route.useParams()
  const { data: user } = useSuspenseQuery(userByUsernameQueryOptions(username))

  return (
    <>
      <ConnectionsHeader username={username} handle={user.username} displayName={user.displayName} />
      <UserList query={followingQueryOptions(user.id)} emptyTitle="Not following anyone yet" emptyText="When this account follows someone, they’ll show up here." />
    </>
  )
}

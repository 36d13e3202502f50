import { createFileRoute, Link, Outlet, redirect, useMatchRoute } from '@tanstack/react-router'

import { AppShell } from '@/components/layout/app-shell'
import { SidebarBox } from '@/components/layout/sidebar-box'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { SectionBoundary } from '@/components/ui/section-boundary'
import { useSignOut } from '@/features/auth/hooks/use-session-mutations'
import { UnreadBadge } from '@/features/notifications/components/unread-badge'
import { useNotificationStream } from '@/features/notifications/hooks/use-notification-stream'
import { TrendList } from '@/features/trends/components/trend-list'
import { WhoToFollow } from '@/features/users/components/who-to-follow'
import { meQueryOptions, useViewer } from '@/lib/session'

/**
 * Every page but sign-in and registration: a visitor without a session is sent to sign in,
 * and comes back here after it.
 */
export const Route = createFileRoute('/_authed')({
  // in the main bundle, not a chunk of its own: every signed-in page needs it at once
  codeSplitGroupings: [],
  beforeLoad: async ({ context: { queryClient }, location }) => {
    const viewer = await queryClient.ensureQueryData(meQueryOptions)
    if (!viewer) {
      throw redirect({ to: '/login', search: { redirect: location.href } })
    }
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: SignedInLayout,
})

function SignedInLayout() {
  const viewer = useViewer()
  const signOut = useSignOut()
  const matchRoute = useMatchRoute()
  useNotificationStream()

  return (
    <AppShell
      viewer={viewer}
      notificationsBadge={<UnreadBadge />}
      onSignOut={() => signOut.mutate()}
      // Explore shows the same in its middle column.
      sidebar={matchRoute({ to: '/explore' }) ? null : <Sidebar />}
    >
      <Outlet />
    </AppShell>
  )
}

function Sidebar() {
  return (
    <>
      <SidebarBox title="What's happening">
        <SectionBoundary what="trends">
          <TrendList limit={5} />
        </SectionBoundary>
        <Link to="/explore" className="block px-4 py-3 text-accent hover:bg-subtle">
          Show more
        </Link>
      </SidebarBox>
      <SidebarBox title="Who to follow">
        <SectionBoundary what="suggestions">
          <WhoToFollow limit={3} />
        </SectionBoundary>
      </SidebarBox>
    </>
  )
}

import { createFileRoute } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { notificationsQueryOptions } from '@/features/notifications/api/get-notifications'
import { NotificationList } from '@/features/notifications/components/notification-list'

export const Route = createFileRoute('/_authed/notifications')({
  loader: ({ context: { queryClient } }) => queryClient.ensureInfiniteQueryData(notificationsQueryOptions()),
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: NotificationsPage,
})

function NotificationsPage() {
  return (
    <>
      <PageHeader title="Notifications" />
      <NotificationList />
    </>
  )
}

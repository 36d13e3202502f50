import { useSuspenseInfiniteQuery } from '@tanstack/react-query'

import { ListFooter } from '@/components/ui/list-footer'
import { EmptyState } from '@/components/ui/states'
import { itemsOf } from '@/lib/paging'

import { notificationsQueryOptions } from '../api/get-notifications'
import { useMarkReadWhenShown } from '../hooks/use-mark-read'

import { NotificationItem } from './notification-item'

export function NotificationList() {
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = useSuspenseInfiniteQuery(notificationsQueryOptions())
  const notifications = itemsOf(data, (notification) => notification.id)
  useMarkReadWhenShown(notifications[0]?.id)

  if (notifications.length === 0) {
    return (
      <EmptyState title="Nothing to see here — yet">
        Likes, retweets, replies, mentions and new followers will show up here.
      </EmptyState>
    )
  }
  return (
    <>
      <div>
        {notifications.map((notification) => (
          <NotificationItem key={notification.id} notification={notification} />
        ))}
      </div>
      <ListFooter hasNextPage={hasNextPage} isFetchingNextPage={isFetchingNextPage} fetchNextPage={fetchNextPage} />
    </>
  )
}

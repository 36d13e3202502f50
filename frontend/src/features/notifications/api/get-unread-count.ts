import { queryOptions } from '@tanstack/react-query'
import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'

import { notificationKeys } from './query-keys'

export const unreadCountSchema = z.object({ count: z.number() })

/** GET /api/notifications/unread-count. */
export async function getUnreadCount(): Promise<number> {
  return unreadCountSchema.parse(await apiFetch('/api/notifications/unread-count')).count
}

/** Asked once; the notification stream keeps it current from then on. */
export const unreadCountQueryOptions = () =>
  queryOptions({
    queryKey: notificationKeys.unreadCount(),
    queryFn: getUnreadCount,
    staleTime: Infinity,
  })

import { useQueryClient } from '@tanstack/react-query'

import { useEventSource } from '@/hooks/use-event-source'

import { unreadCountSchema } from '../api/get-unread-count'
import { notificationKeys } from '../api/query-keys'

/**
 * Keeps the unread badge and the notification list current from the server's stream
 * (`unread-count` and `notification` events). Mount once per signed-in page.
 */
export function useNotificationStream() {
  const queryClient = useQueryClient()

  useEventSource('/api/notifications/stream', {
    'unread-count': (event) => {
      const parsed = unreadCountSchema.safeParse(parseJson(event.data))
      if (parsed.success) {
        queryClient.setQueryData(notificationKeys.unreadCount(), parsed.data.count)
      }
    },
    notification: () => {
      // Grouping is the server's: fetch the list again rather than guess where this one goes.
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list() })
    },
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'

import { markRead } from '../api/mark-read'
import { notificationKeys } from '../api/query-keys'

/** Marks everything up to the newest notification read once it has been shown. */
export function useMarkReadWhenShown(newestId: string | undefined) {
  const queryClient = useQueryClient()
  const { mutate } = useMutation({
    mutationFn: markRead,
    onSuccess: () => queryClient.setQueryData(notificationKeys.unreadCount(), 0),
  })

  useEffect(() => {
    if (newestId !== undefined) {
      mutate(newestId)
    }
  }, [newestId, mutate])
}

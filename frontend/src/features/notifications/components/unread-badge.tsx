import { useQuery } from '@tanstack/react-query'

import { unreadCountQueryOptions } from '../api/get-unread-count'

/** The number on the bell; nothing while there is none, or while the count is unknown. */
export function UnreadBadge() {
  const { data: count } = useQuery(unreadCountQueryOptions())

  if (!count) return null
  return (
    <span
      className="absolute -top-1.5 -right-2 min-w-5 rounded-full border border-page bg-accent-fill px-1 text-center text-[11px] leading-[18px] font-bold text-white"
    >
      {count > 99 ? '99+' : count}
      <span className="sr-only"> unread notifications</span>
    </span>
  )
}

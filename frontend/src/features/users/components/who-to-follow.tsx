import { useSuspenseQuery } from '@tanstack/react-query'

import { useViewer } from '@/lib/session'

import { suggestionsQueryOptions } from '../api/get-suggestions'

import { UserRow } from './user-row'

export function WhoToFollow({ limit }: { limit?: number }) {
  const viewer = useViewer()
  const { data: users } = useSuspenseQuery(suggestionsQueryOptions(limit))

  if (users.length === 0) {
    return <p className="px-4 pb-4 text-muted">No suggestions right now. Follow a few people to get some.</p>
  }
  return (
    <ul>
      {users.map((user) => (
        <UserRow key={user.id} user={user} viewerId={viewer.id} />
      ))}
    </ul>
  )
}

import { useSuspenseInfiniteQuery, type QueryKey } from '@tanstack/react-query'

import { ListFooter } from '@/components/ui/list-footer'
import { EmptyState } from '@/components/ui/states'
import { itemsOf, type PagedQueryOptions } from '@/lib/paging'
import type { User } from '@/lib/schemas'
import { useViewer } from '@/lib/session'

import { UserRow } from './user-row'

type UserListProps<Key extends QueryKey> = {
  query: PagedQueryOptions<User, Key>
  emptyTitle: string
  emptyText: string
}

/** A cursor-paged list of users (followers, following), loading more as it scrolls. */
export function UserList<Key extends QueryKey>({ query, emptyTitle, emptyText }: UserListProps<Key>) {
  const viewer = useViewer()
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = useSuspenseInfiniteQuery(query)
  const users = itemsOf(data, (user) => user.id)

  if (users.length === 0) {
    return <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
  }
  return (
    <>
      <ul>
        {users.map((user) => (
          <UserRow key={user.id} user={user} viewerId={viewer.id} />
        ))}
      </ul>
      <ListFooter hasNextPage={hasNextPage} isFetchingNextPage={isFetchingNextPage} fetchNextPage={fetchNextPage} />
    </>
  )
}

import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, userSchema } from '@/lib/schemas'

import { userKeys } from './query-keys'

const usersPage = pageSchema(userSchema)

/** GET /api/users/{id}/following: the accounts followed, newest first. */
export async function getFollowing(userId: string, cursor?: string) {
  return usersPage.parse(await apiFetch(`/api/users/${userId}/following${listQuery({ cursor })}`))
}

export const followingQueryOptions = (userId: string) =>
  infiniteQueryOptions({
    queryKey: userKeys.following(userId),
    queryFn: ({ pageParam }) => getFollowing(userId, pageParam),
    ...cursorPaging,
  })

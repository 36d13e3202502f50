import { infiniteQueryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, userSchema } from '@/lib/schemas'

import { userKeys } from './query-keys'

const usersPage = pageSchema(userSchema)

/** GET /api/users/{id}/followers: newest followers first. */
export async function getFollowers(userId: string, cursor?: string) {
  return usersPage.parse(await apiFetch(`/api/users/${userId}/followers${listQuery({ cursor })}`))
}

export const followersQueryOptions = (userId: string) =>
  infiniteQueryOptions({
    queryKey: userKeys.followers(userId),
    queryFn: ({ pageParam }) => getFollowers(userId, pageParam),
    ...cursorPaging,
  })

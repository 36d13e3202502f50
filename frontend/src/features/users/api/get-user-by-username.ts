import { queryOptions } from '@tanstack/react-query'

import { apiFetch } from '@/lib/api'
import { listQuery } from '@/lib/paging'
import { userSchema, type User } from '@/lib/schemas'

import { userKeys } from './query-keys'

/** GET /api/users/lookup?username=: a profile by its handle (any case), 404 when there is none. */
export async function getUserByUsername(username: string): Promise<User> {
  return userSchema.parse(await apiFetch(`/api/users/lookup${listQuery({ username })}`))
}

export const userByUsernameQueryOptions = (username: string) =>
  queryOptions({
    queryKey: userKeys.byUsername(username),
    queryFn: () => getUserByUsername(username),
  })

import { queryOptions, useSuspenseQuery } from '@tanstack/react-query'

import { apiFetch, ApiError } from './api'
import { userSchema, type User } from './schemas'

/** GET /api/auth/me: the signed-in user, or null when there is no session (401). */
export async function getMe(): Promise<User | null> {
  try {
    return userSchema.parse(await apiFetch('/api/auth/me'))
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return null
    }
    throw error
  }
}

/**
 * Who is signed in, asked once and then kept: signing in, registering, editing the profile
 * and signing out write the answer into this query themselves.
 */
export const meQueryOptions = queryOptions({
  queryKey: ['session', 'me'],
  queryFn: getMe,
  staleTime: Infinity,
})

/** The signed-in user, inside the routes that the `_authed` guard lets through. */
export function useViewer(): User {
  const { data: viewer } = useSuspenseQuery(meQueryOptions)
  if (viewer === null) {
    throw new Error('useViewer is for signed-in pages; the _authed route makes sure of it')
  }
  return viewer
}

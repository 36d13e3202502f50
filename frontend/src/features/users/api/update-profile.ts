import { apiFetch } from '@/lib/api'
import { userSchema, type User } from '@/lib/schemas'

export type ProfileUpdate = {
  displayName?: string
  bio?: string
  location?: string
  avatarUrl?: string
}

/** PATCH /api/users/me: fields left out stay as they are. */
export async function updateProfile(update: ProfileUpdate): Promise<User> {
  return userSchema.parse(await apiFetch('/api/users/me', { method: 'PATCH', body: update }))
}

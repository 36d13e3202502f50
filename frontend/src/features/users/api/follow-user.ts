import { apiFetch } from '@/lib/api'
import { userSchema, type User } from '@/lib/schemas'

/** POST (follow) or DELETE (unfollow) /api/users/{id}/follow: idempotent, answers with the user after it. */
export async function setFollowing({ userId, follow }: { userId: string; follow: boolean }): Promise<User> {
  return userSchema.parse(await apiFetch(`/api/users/${userId}/follow`, { method: follow ? 'POST' : 'DELETE' }))
}

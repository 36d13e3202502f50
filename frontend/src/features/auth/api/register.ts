import { apiFetch } from '@/lib/api'
import { userSchema, type User } from '@/lib/schemas'

export type RegisterInput = { username: string; password: string; displayName?: string }

/** POST /api/auth/register: 201 with the new user, already signed in. */
export async function register(input: RegisterInput): Promise<User> {
  return userSchema.parse(await apiFetch('/api/auth/register', { method: 'POST', body: input }))
}

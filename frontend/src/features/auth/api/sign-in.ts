import { apiFetch } from '@/lib/api'
import { userSchema, type User } from '@/lib/schemas'

export type SignInInput = { username: string; password: string }

/** POST /api/auth/login: sets the session cookie and answers with the user. */
export async function signIn(input: SignInInput): Promise<User> {
  return userSchema.parse(await apiFetch('/api/auth/login', { method: 'POST', body: input }))
}

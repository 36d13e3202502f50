import { apiFetch } from '@/lib/api'

/** POST /api/auth/logout: 204, the session is gone. */
export async function signOut(): Promise<void> {
  await apiFetch('/api/auth/logout', { method: 'POST' })
}

import { apiFetch } from '@/lib/api'

/**
 * POST /api/notifications/read {upTo}: marks read every notification up to that one, so those
 * that arrive while the page is open stay unread. 204.
 */
export async function markRead(upTo?: string): Promise<void> {
  await apiFetch('/api/notifications/read', { method: 'POST', body: upTo === undefined ? {} : { upTo } })
}

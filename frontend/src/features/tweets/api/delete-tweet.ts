import { apiFetch } from '@/lib/api'

/** DELETE /api/tweets/{id}: the author only (403 otherwise); 204. */
export async function deleteTweet(tweetId: string): Promise<void> {
  await apiFetch(`/api/tweets/${tweetId}`, { method: 'DELETE' })
}

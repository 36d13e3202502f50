import { apiFetch } from '@/lib/api'
import { tweetSchema, type Tweet } from '@/lib/schemas'

export type NewTweet = {
  content: string
  replyTo?: string
  mediaUrls?: string[]
}

/**
 * POST /api/tweets. The Idempotency-Key makes a retry of the same draft (a double click, a
 * lost response) answer with the tweet the first attempt made instead of posting it twice.
 */
export async function createTweet(tweet: NewTweet, idempotencyKey: string): Promise<Tweet> {
  return tweetSchema.parse(
    await apiFetch('/api/tweets', { method: 'POST', body: tweet, headers: { 'Idempotency-Key': idempotencyKey } }),
  )
}

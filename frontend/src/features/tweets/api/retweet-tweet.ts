import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'

const retweetStateSchema = z.object({ retweeted: z.boolean(), retweetCount: z.number() })

export type RetweetState = z.infer<typeof retweetStateSchema>

/** POST (retweet) or DELETE (undo) /api/tweets/{id}/retweet: idempotent, answers with the state after it. */
export async function setRetweeted({ tweetId, on }: { tweetId: string; on: boolean }): Promise<RetweetState> {
  return retweetStateSchema.parse(
    await apiFetch(`/api/tweets/${tweetId}/retweet`, { method: on ? 'POST' : 'DELETE' }),
  )
}

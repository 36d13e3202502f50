import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'

const likeStateSchema = z.object({ liked: z.boolean(), likeCount: z.number() })

export type LikeState = z.infer<typeof likeStateSchema>

/** POST (like) or DELETE (unlike) /api/tweets/{id}/like: idempotent, answers with the state after it. */
export async function setLiked({ tweetId, on }: { tweetId: string; on: boolean }): Promise<LikeState> {
  return likeStateSchema.parse(await apiFetch(`/api/tweets/${tweetId}/like`, { method: on ? 'POST' : 'DELETE' }))
}

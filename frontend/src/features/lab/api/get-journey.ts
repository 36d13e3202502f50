import { apiFetch } from '@/lib/api'
import { z } from '@/lib/zod'

export const STEP_NAMES = ['accepted', 'relayed', 'fanoutStarted', 'visible', 'fanoutDone'] as const

export type StepName = (typeof STEP_NAMES)[number]

/** GET /api/lab/journey/{tweetId}: a tweet's way to its followers, the steps that happened so far (docs/api.md). */
export const journeySchema = z.object({
  tweetId: z.string(),
  authorId: z.string(),
  tier: z.enum(['normal', 'influencer', 'celebrity']).nullable(),
  done: z.boolean(),
  delivery: z
    .object({
      followers: z.number(),
      written: z.number(),
      skipped: z.number(),
      uncached: z.number(),
      pulled: z.number(),
    })
    .nullable(),
  steps: z.array(z.object({ name: z.enum(STEP_NAMES), at: z.string(), afterMs: z.number() })),
})

export type Journey = z.infer<typeof journeySchema>

export async function getJourney(tweetId: string): Promise<Journey> {
  return journeySchema.parse(await apiFetch(`/api/lab/journey/${encodeURIComponent(tweetId)}`))
}

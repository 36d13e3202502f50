import { z } from '@/lib/zod'

/*
 * The API's shared objects (docs/api.md), read tolerantly: unknown fields are dropped, and
 * fields a service may not send yet get a harmless default instead of failing the page.
 */

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullish(),
})

export type UserSummary = z.infer<typeof userSummarySchema>

export const userSchema = userSummarySchema.extend({
  bio: z.string().nullish(),
  location: z.string().nullish(),
  followerCount: z.number().default(0),
  followingCount: z.number().default(0),
  tweetCount: z.number().default(0),
  celebrity: z.boolean().default(false),
  createdAt: z.string().nullish(),
  /** Present for a signed-in viewer only. */
  followedByMe: z.boolean().optional(),
})

export type User = z.infer<typeof userSchema>

export const tweetSchema = z.object({
  id: z.string(),
  author: userSummarySchema,
  content: z.string(),
  createdAt: z.string(),
  hashtags: z.array(z.string()).default([]),
  mentions: z.array(z.object({ id: z.string(), username: z.string() })).default([]),
  mediaUrls: z.array(z.string()).default([]),
  replyTo: z.string().nullish(),
  likeCount: z.number().default(0),
  retweetCount: z.number().default(0),
  replyCount: z.number().default(0),
  liked: z.boolean().default(false),
  retweeted: z.boolean().default(false),
  /** Set on a timeline entry that is there because someone the viewer follows retweeted it. */
  retweetedBy: userSummarySchema.omit({ avatarUrl: true }).nullish(),
})

export type Tweet = z.infer<typeof tweetSchema>

/** A page of a list: `{items, nextCursor}`, with a null cursor on the last page. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullish(),
  })
}

export type Page<Item> = {
  items: Item[]
  nextCursor?: string | null
}

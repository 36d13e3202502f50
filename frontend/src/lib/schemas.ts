import { z } from '@/lib/zod'

/*
 * The API's shared objects (docs/api.md). The Tweet is pinned: its samples in docs/contract/
 * are what the services are tested to serve (schemas.test.ts parses them here), so its fields
 * are exactly the contract's: `replyTo` and the author's `avatarUrl` always present (null when
 * there is none), `liked`/`retweeted` only for a signed-in viewer (false otherwise),
 * `retweetedBy` only on a retweet's timeline entry. Unknown fields are dropped.
 */

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
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
  hashtags: z.array(z.string()),
  mentions: z.array(z.object({ id: z.string(), username: z.string() })),
  mediaUrls: z.array(z.string()),
  replyTo: z.string().nullable(),
  likeCount: z.number(),
  retweetCount: z.number(),
  replyCount: z.number(),
  /** The viewer's: absent for an anonymous read. */
  liked: z.boolean().default(false),
  retweeted: z.boolean().default(false),
  /** Set on a timeline entry that is there because someone the viewer follows retweeted it. */
  retweetedBy: userSummarySchema.optional(),
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

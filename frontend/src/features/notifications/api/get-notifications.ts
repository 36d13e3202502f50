import { infiniteQueryOptions } from '@tanstack/react-query'
import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'
import { cursorPaging, listQuery } from '@/lib/paging'
import { pageSchema, tweetSchema, userSummarySchema } from '@/lib/schemas'

import { notificationKeys } from './query-keys'

export const notificationSchema = z.object({
  id: z.string(),
  /** mention, reply, like, retweet, follow; a type this app does not know yet still shows. */
  type: z.string(),
  actor: userSummarySchema.nullish(),
  /** A grouped like or retweet: the first few who did it, and how many did in all. */
  actors: z.array(userSummarySchema).optional(),
  actorCount: z.number().optional(),
  tweet: tweetSchema.nullish().catch(null),
  createdAt: z.string(),
  read: z.boolean().default(true),
})

export type Notification = z.infer<typeof notificationSchema>

const notificationsPage = pageSchema(notificationSchema)

/** GET /api/notifications: newest first; likes and retweets of one tweet may come grouped. */
export async function getNotifications(cursor?: string) {
  return notificationsPage.parse(await apiFetch(`/api/notifications${listQuery({ cursor })}`))
}

export const notificationsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam }) => getNotifications(pageParam),
    ...cursorPaging,
  })

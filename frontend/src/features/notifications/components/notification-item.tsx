import { Link, useNavigate } from '@tanstack/react-router'
import { AtSign, Heart, MessageCircle, Repeat2, UserPlus, Bell, type LucideIcon } from 'lucide-react'

import { RichText } from '@/components/rich-text'
import { Avatar } from '@/components/ui/avatar'
import { formatRelativeTime } from '@/lib/format'

import type { Notification } from '../api/get-notifications'
import { describeActors } from '../utils/describe-actors'

const kinds: Record<string, { icon: LucideIcon; colour: string; verb: string }> = {
  like: { icon: Heart, colour: 'text-like fill-like', verb: 'liked your tweet' },
  retweet: { icon: Repeat2, colour: 'text-retweet', verb: 'retweeted your tweet' },
  follow: { icon: UserPlus, colour: 'text-accent', verb: 'followed you' },
  mention: { icon: AtSign, colour: 'text-accent', verb: 'mentioned you' },
  reply: { icon: MessageCircle, colour: 'text-accent', verb: 'replied to your tweet' },
}
const unknownKind = { icon: Bell, colour: 'text-accent', verb: 'sent you a notification' }

/**
 * One notification. Likes, retweets and follows read as a sentence with the actors' faces
 * ("Alice and 12 others liked your tweet"); mentions and replies show the tweet itself.
 */
export function NotificationItem({ notification }: { notification: Notification }) {
  const navigate = useNavigate()
  const kind = kinds[notification.type] ?? unknownKind
  const Icon = kind.icon
  const actors = notification.actors?.length ? notification.actors : notification.actor ? [notification.actor] : []
  const tweet = notification.tweet
  const first = actors[0]
  const showsTweetText = notification.type === 'mention' || notification.type === 'reply'

  const open = () => {
    if (tweet) {
      void navigate({ to: '/$username/status/$tweetId', params: { username: tweet.author.username, tweetId: tweet.id } })
    } else if (first) {
      void navigate({ to: '/$username', params: { username: first.username } })
    }
  }

  return (
    <article
      onClick={(event) => {
        if (!(event.target as HTMLElement).closest('a, button')) open()
      }}
      className={`flex cursor-pointer gap-3 border-b border-line px-4 py-3 hover:bg-subtle ${notification.read ? '' : 'bg-accent/5'}`}
    >
      <div className="flex w-10 shrink-0 justify-end">
        <Icon aria-hidden className={`size-7 ${kind.colour}`} />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex gap-1">
          {actors.slice(0, 3).map((actor) => (
            <Link key={actor.id} to="/$username" params={{ username: actor.username }} className="rounded-full">
              <Avatar user={actor} size="sm" />
            </Link>
          ))}
        </div>
        <p className="mt-2">
          {first ? (
            <Link to="/$username" params={{ username: first.username }} className="font-bold hover:underline">
              {describeActors(actors, notification.actorCount)}
            </Link>
          ) : (
            <strong>Someone</strong>
          )}{' '}
          {kind.verb}
          <span className="text-muted"> · {formatRelativeTime(notification.createdAt)}</span>
          {!notification.read && <span className="sr-only"> (unread)</span>}
        </p>
        {tweet &&
          (showsTweetText ? (
            <RichText text={tweet.content} className="mt-1" />
          ) : (
            <p className="mt-1 line-clamp-3 text-muted">{tweet.content}</p>
          ))}
        {tweet && (
          <Link
            to="/$username/status/$tweetId"
            params={{ username: tweet.author.username, tweetId: tweet.id }}
            className="sr-only focus:not-sr-only focus:text-accent"
          >
            Open the tweet
          </Link>
        )}
      </div>
    </article>
  )
}

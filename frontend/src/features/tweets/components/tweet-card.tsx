import { Link, useNavigate } from '@tanstack/react-router'
import { Repeat2 } from 'lucide-react'
import type { MouseEvent } from 'react'

import { RichText } from '@/components/rich-text'
import { Avatar } from '@/components/ui/avatar'
import { formatDateTime, formatRelativeTime } from '@/lib/format'
import type { Tweet } from '@/lib/schemas'

import { TweetActions } from './tweet-actions'
import { TweetMedia } from './tweet-media'

type TweetCardProps = {
  tweet: Tweet
  viewerId: string
  /** "Replying to a tweet" above a reply; off where the tweet replied to is right above. */
  showReplyContext?: boolean
}

/**
 * A tweet in a list: avatar left, content right, a card of its own. The whole card opens the
 * tweet; for keyboards the timestamp is that link.
 */
export function TweetCard({ tweet, viewerId, showReplyContext = true }: TweetCardProps) {
  const navigate = useNavigate()
  const detail = { to: '/$username/status/$tweetId', params: { username: tweet.author.username, tweetId: tweet.id } } as const

  const open = (event: MouseEvent) => {
    const target = event.target as HTMLElement
    if (target.closest('a, button, dialog') || window.getSelection()?.toString()) return
    void navigate(detail)
  }

  return (
    <article
      aria-labelledby={`tweet-${tweet.id}-author`}
      onClick={open}
      className="cursor-pointer border-b border-line px-4 pt-3 pb-1 transition-colors hover:bg-subtle/60"
    >
      {tweet.retweetedBy && (
        <p className="mb-1 ml-8 flex items-center gap-2 text-[13px] font-bold text-muted">
          <Repeat2 aria-hidden className="size-4" />
          <Link to="/$username" params={{ username: tweet.retweetedBy.username }} className="hover:underline">
            {tweet.retweetedBy.id === viewerId ? 'You' : tweet.retweetedBy.displayName} retweeted
          </Link>
        </p>
      )}
      <div className="flex gap-3">
        <Link to="/$username" params={{ username: tweet.author.username }} className="h-fit rounded-full">
          <Avatar user={tweet.author} />
        </Link>
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-1 text-[15px]">
            <Link
              id={`tweet-${tweet.id}-author`}
              to="/$username"
              params={{ username: tweet.author.username }}
              className="truncate font-bold hover:underline"
            >
              {tweet.author.displayName}
            </Link>
            <span className="truncate text-muted">@{tweet.author.username}</span>
            <span aria-hidden className="text-muted">
              ·
            </span>
            <Link {...detail} className="shrink-0 text-sm text-muted hover:underline">
              <time dateTime={tweet.createdAt} title={formatDateTime(tweet.createdAt)}>
                {formatRelativeTime(tweet.createdAt)}
              </time>
            </Link>
          </div>
          {showReplyContext && tweet.replyTo && (
            <p className="text-muted">
              <Link to="/i/status/$tweetId" params={{ tweetId: tweet.replyTo }} className="text-accent hover:underline">
                Replying to a tweet
              </Link>
            </p>
          )}
          <RichText text={tweet.content} />
          <TweetMedia urls={tweet.mediaUrls} author={tweet.author.username} />
          <TweetActions tweet={tweet} isOwn={tweet.author.id === viewerId} />
        </div>
      </div>
    </article>
  )
}

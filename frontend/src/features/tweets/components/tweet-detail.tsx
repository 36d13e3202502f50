import { useSuspenseQuery } from '@tanstack/react-query'
import { Link, useNavigate } from '@tanstack/react-router'
import { Repeat2 } from 'lucide-react'

import { RichText } from '@/components/rich-text'
import { Avatar } from '@/components/ui/avatar'
import { formatDateTime, formatNumber } from '@/lib/format'
import { useViewer } from '@/lib/session'

import { tweetQueryOptions } from '../api/get-tweet'

import { TweetActions } from './tweet-actions'
import { TweetMedia } from './tweet-media'

/** A tweet on its own page: larger text, the full date, and its counts spelled out. */
export function TweetDetail({ tweetId }: { tweetId: string }) {
  const viewer = useViewer()
  const navigate = useNavigate()
  const { data: tweet } = useSuspenseQuery(tweetQueryOptions(tweetId))

  return (
    <article aria-labelledby="tweet-author" className="border-b border-line px-4 pt-3">
      {tweet.replyTo && (
        <p className="mb-2 text-muted">
          <Link to="/i/status/$tweetId" params={{ tweetId: tweet.replyTo }} className="text-accent hover:underline">
            Replying to a tweet
          </Link>
        </p>
      )}
      <div className="flex items-center gap-3">
        <Link to="/$username" params={{ username: tweet.author.username }} className="rounded-full">
          <Avatar user={tweet.author} />
        </Link>
        <div className="min-w-0">
          <Link
            id="tweet-author"
            to="/$username"
            params={{ username: tweet.author.username }}
            className="block truncate font-bold hover:underline"
          >
            {tweet.author.displayName}
          </Link>
          <p className="truncate text-muted">@{tweet.author.username}</p>
        </div>
      </div>

      <RichText text={tweet.content} className="mt-3 text-[17px] leading-6" />
      <TweetMedia urls={tweet.mediaUrls} author={tweet.author.username} />

      <p className="mt-4 text-muted">
        <time dateTime={tweet.createdAt}>{formatDateTime(tweet.createdAt)}</time>
      </p>

      {(tweet.retweetCount > 0 || tweet.likeCount > 0) && (
        <p className="mt-3 flex gap-5 border-t border-line py-3">
          <span className="flex items-center gap-1">
            <Repeat2 aria-hidden className="size-4 text-muted" />
            <strong>{formatNumber(tweet.retweetCount)}</strong>
            <span className="text-muted">{tweet.retweetCount === 1 ? 'Retweet' : 'Retweets'}</span>
          </span>
          <span>
            <strong>{formatNumber(tweet.likeCount)}</strong>{' '}
            <span className="text-muted">{tweet.likeCount === 1 ? 'Like' : 'Likes'}</span>
          </span>
        </p>
      )}

      <div className="border-t border-line py-1">
        <TweetActions
          tweet={tweet}
          isOwn={tweet.author.id === viewer.id}
          onDeleted={() => void navigate({ to: '/', replace: true })}
        />
      </div>
    </article>
  )
}

import { Link } from '@tanstack/react-router'
import { Heart, MessageCircle, Repeat2, Trash2 } from 'lucide-react'
import { useState, type ReactNode } from 'react'

import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { formatCount } from '@/lib/format'
import type { Tweet } from '@/lib/schemas'

import { useDeleteTweet } from '../hooks/use-delete-tweet'
import { useLike, useRetweet } from '../hooks/use-engagement'

type TweetActionsProps = {
  tweet: Tweet
  isOwn: boolean
  onDeleted?: () => void
}

/** Reply, retweet, like and (for the author) delete, with the design's action colours. */
export function TweetActions({ tweet, isOwn, onDeleted }: TweetActionsProps) {
  const like = useLike()
  const retweet = useRetweet()
  const remove = useDeleteTweet()
  const [confirming, setConfirming] = useState(false)

  return (
    <div className="mt-1 -ml-2 flex max-w-md justify-between text-[13px] text-muted" onClick={(e) => e.stopPropagation()}>
      <Link
        to="/$username/status/$tweetId"
        params={{ username: tweet.author.username, tweetId: tweet.id }}
        aria-label={`Reply, ${counted(tweet.replyCount, 'reply', 'replies')}`}
        className="group flex items-center hover:text-accent"
      >
        <ActionIcon hover="group-hover:bg-accent/10">
          <MessageCircle aria-hidden className="size-[18px]" />
        </ActionIcon>
        <Count value={tweet.replyCount} />
      </Link>

      <button
        type="button"
        aria-label={`${tweet.retweeted ? 'Undo retweet' : 'Retweet'}, ${counted(tweet.retweetCount, 'retweet')}`}
        aria-pressed={tweet.retweeted}
        onClick={() => retweet.mutate({ tweetId: tweet.id, on: !tweet.retweeted })}
        className={`group flex items-center hover:text-retweet ${tweet.retweeted ? 'text-retweet' : ''}`}
      >
        <ActionIcon hover="group-hover:bg-retweet/10">
          <Repeat2 aria-hidden className="size-[18px]" />
        </ActionIcon>
        <Count value={tweet.retweetCount} />
      </button>

      <button
        type="button"
        aria-label={`${tweet.liked ? 'Unlike' : 'Like'}, ${counted(tweet.likeCount, 'like')}`}
        aria-pressed={tweet.liked}
        onClick={() => like.mutate({ tweetId: tweet.id, on: !tweet.liked })}
        className={`group flex items-center hover:text-like ${tweet.liked ? 'text-like' : ''}`}
      >
        <ActionIcon hover="group-hover:bg-like/10">
          <Heart aria-hidden className={`size-[18px] ${tweet.liked ? 'fill-current' : ''}`} />
        </ActionIcon>
        <Count value={tweet.likeCount} />
      </button>

      {isOwn ? (
        <button
          type="button"
          aria-label="Delete"
          onClick={() => setConfirming(true)}
          disabled={remove.isPending}
          className="group flex items-center hover:text-danger"
        >
          <ActionIcon hover="group-hover:bg-danger/10">
            <Trash2 aria-hidden className="size-[18px]" />
          </ActionIcon>
        </button>
      ) : (
        <span className="w-9" />
      )}

      <ConfirmDialog
        open={confirming}
        title="Delete tweet?"
        description="This can't be undone, and it will be removed from your profile, the timeline of any accounts that follow you, and from search results."
        confirmLabel="Delete"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false)
          remove.mutate(tweet, { onSuccess: onDeleted })
        }}
      />
    </div>
  )
}

function ActionIcon({ hover, children }: { hover: string; children: ReactNode }) {
  return <span className={`rounded-full p-2 transition-colors ${hover}`}>{children}</span>
}

/** "1 like", "12.5K likes": the count in the action's name, written as the button shows it. */
function counted(value: number, one: string, many = `${one}s`): string {
  return `${formatCount(value)} ${value === 1 ? one : many}`
}

function Count({ value }: { value: number }) {
  return <span className="min-w-6 pl-0.5 text-left tabular-nums">{value > 0 ? formatCount(value) : ''}</span>
}

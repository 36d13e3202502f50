import { useSuspenseQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { TrendingUp } from 'lucide-react'

import { formatNumber, formatRelativeTime } from '@/lib/format'

import { trendsQueryOptions } from '../api/get-trends'

export function TrendList({ limit }: { limit?: number }) {
  const { data } = useSuspenseQuery(trendsQueryOptions(limit))

  if (data.items.length === 0) {
    return <p className="px-4 pb-4 text-muted">Nothing is trending yet. Tweet with a #hashtag to start something.</p>
  }
  return (
    <>
      {data.stale && (
        <p className="mx-4 mb-2 rounded-md bg-subtle px-3 py-2 text-[13px] text-muted">
          These trends may be out of date{data.updatedAt ? ` (updated ${formatRelativeTime(data.updatedAt)} ago)` : ''}.
        </p>
      )}
      <ol>
        {data.items.map((trend, index) => (
          <li key={trend.hashtag}>
            <Link to="/hashtag/$tag" params={{ tag: trend.hashtag }} className="block px-4 py-3 hover:bg-subtle">
              <p className="flex items-center gap-2 text-[13px] text-muted">
                <span>{index + 1} · Trending</span>
                {trend.rising && (
                  <span className="flex items-center gap-0.5 font-bold text-retweet">
                    <TrendingUp aria-hidden className="size-3.5" />
                    Rising
                  </span>
                )}
              </p>
              <p className="font-bold">#{trend.hashtag}</p>
              <p className="text-[13px] text-muted">
                {formatNumber(trend.tweetCount)} {trend.tweetCount === 1 ? 'tweet' : 'tweets'}
              </p>
            </Link>
          </li>
        ))}
      </ol>
    </>
  )
}

import { useSuspenseInfiniteQuery, type QueryKey } from '@tanstack/react-query'

import { ListFooter } from '@/components/ui/list-footer'
import { EmptyState } from '@/components/ui/states'
import { itemsOf, type PagedQueryOptions } from '@/lib/paging'
import type { Tweet } from '@/lib/schemas'
import { useViewer } from '@/lib/session'

import { TweetCard } from './tweet-card'

type TweetListProps<Key extends QueryKey> = {
  /** Any cursor-paged list of tweets: a timeline, a hashtag, replies. */
  query: PagedQueryOptions<Tweet, Key>
  /** Which tweets to show, when the list holds more (a profile's "Replies" tab). */
  filter?: (tweet: Tweet) => boolean
  emptyTitle: string
  emptyText?: string
  showReplyContext?: boolean
}

export function TweetList<Key extends QueryKey>({
  query,
  filter,
  emptyTitle,
  emptyText,
  showReplyContext,
}: TweetListProps<Key>) {
  const viewer = useViewer()
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = useSuspenseInfiniteQuery(query)
  const all = itemsOf(data, (tweet) => tweet.id)
  const tweets = filter ? all.filter(filter) : all

  return (
    <>
      {tweets.length === 0 && !hasNextPage ? (
        <EmptyState title={emptyTitle}>{emptyText}</EmptyState>
      ) : (
        <div>
          {tweets.map((tweet) => (
            <TweetCard key={tweet.id} tweet={tweet} viewerId={viewer.id} showReplyContext={showReplyContext} />
          ))}
        </div>
      )}
      <ListFooter hasNextPage={hasNextPage} isFetchingNextPage={isFetchingNextPage} fetchNextPage={fetchNextPage} />
    </>
  )
}

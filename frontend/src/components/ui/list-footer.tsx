import { useLoadMoreOnScroll } from '@/hooks/use-load-more-on-scroll'

import { Spinner } from './spinner'

type ListFooterProps = {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => Promise<unknown>
}

/**
 * The end of a cursor-paged list: loads the next page as it scrolls into view, and is also a
 * button, for keyboards and for browsers that do not report intersections.
 */
export function ListFooter(query: ListFooterProps) {
  const sentinel = useLoadMoreOnScroll(query)

  if (query.isFetchingNextPage) {
    return <Spinner label="Loading more" />
  }
  if (!query.hasNextPage) {
    return null
  }
  return (
    <div ref={sentinel} className="flex justify-center p-4">
      <button type="button" onClick={() => void query.fetchNextPage()} className="text-accent hover:underline">
        Show more
      </button>
    </div>
  )
}

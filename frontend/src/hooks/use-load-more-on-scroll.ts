import { useEffect, useState } from 'react'

type PagedQuery = {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => Promise<unknown>
}

/**
 * Infinite scroll for a cursor-paged query: returns a ref for an element at the end of the
 * list, and loads the next page whenever that element comes near the viewport.
 *
 * The observer is made anew after every page, and an observer reports once as soon as it
 * starts: so when a page was too short to push the end out of view (or a filter hid its
 * items), the next one is loaded too, until the end is out of view or there are no more pages.
 */
export function useLoadMoreOnScroll(
  { hasNextPage, isFetchingNextPage, fetchNextPage }: PagedQuery,
  rootMargin = '600px',
) {
  const [sentinel, setSentinel] = useState<Element | null>(null)

  useEffect(() => {
    if (sentinel === null || !hasNextPage || isFetchingNextPage) {
      return
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect()
          void fetchNextPage()
        }
      },
      { rootMargin },
    )
    observer.observe(sentinel)
    return () => observer.disconnect()
  }, [sentinel, hasNextPage, isFetchingNextPage, fetchNextPage, rootMargin])

  return setSentinel
}

import type { InfiniteData, QueryKey, UseSuspenseInfiniteQueryOptions } from '@tanstack/react-query'

import type { Page } from './schemas'

/** Query string for a list endpoint: the cursor of the page wanted, and any filters. */
export function listQuery(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value))
    }
  }
  const query = search.toString()
  return query === '' ? '' : `?${query}`
}

/** The options of any cursor-paged list of Items, for components that show whichever list they are given. */
export type PagedQueryOptions<Item, Key extends QueryKey = QueryKey> = UseSuspenseInfiniteQueryOptions<
  Page<Item>,
  Error,
  InfiniteData<Page<Item>>,
  Key,
  string | undefined
>

/** The options every cursor-paged list shares: start without a cursor, stop at a null one. */
export const cursorPaging = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (lastPage: Page<unknown>) => lastPage.nextCursor ?? undefined,
}

/**
 * The items of all pages loaded so far, in order, each once. A list can hold an item twice
 * when something was put at the top of the first page (a new tweet) and a later page then
 * brings it again; the first one wins.
 */
export function itemsOf<Item>(data: InfiniteData<Page<Item>, unknown>, keyOf: (item: Item) => string): Item[] {
  const seen = new Set<string>()
  const items: Item[] = []
  for (const page of data.pages) {
    for (const item of page.items) {
      const key = keyOf(item)
      if (!seen.has(key)) {
        seen.add(key)
        items.push(item)
      }
    }
  }
  return items
}

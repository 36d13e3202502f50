import { QueryClient, QueryClientProvider, useSuspenseInfiniteQuery, infiniteQueryOptions } from '@tanstack/react-query'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Suspense } from 'react'
import { describe, expect, it } from 'vitest'

import { ListFooter } from '@/components/ui/list-footer'
import { apiFetch } from '@/lib/api'
import { cursorPaging, itemsOf, listQuery } from '@/lib/paging'
import type { Page } from '@/lib/schemas'
import { page, stubApi } from '@/test/api-stub'
import { FakeIntersectionObserver } from '@/test/fake-intersection-observer'

type Item = { id: string }

const itemsQuery = infiniteQueryOptions({
  queryKey: ['items'],
  queryFn: async ({ pageParam }) => (await apiFetch(`/api/items${listQuery({ cursor: pageParam })}`)) as Page<Item>,
  ...cursorPaging,
})

function ItemList() {
  const query = useSuspenseInfiniteQuery(itemsQuery)
  return (
    <>
      <ul>
        {itemsOf(query.data, (item) => item.id).map((item) => (
          <li key={item.id}>item {item.id}</li>
        ))}
      </ul>
      <ListFooter {...query} />
    </>
  )
}

function renderList(pages: Record<string, Page<Item>>) {
  const requests = stubApi({
    'GET /api/items': (request: Request) => pages[new URL(request.url).searchParams.get('cursor') ?? 'first'],
  })
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Suspense fallback="loading">
        <ItemList />
      </Suspense>
    </QueryClientProvider>,
  )
  return requests
}

const cursorsAsked = (requests: Request[]) => requests.map((r) => new URL(r.url).searchParams.get('cursor'))

describe('cursor paging with infinite scroll', () => {
  it('asks for the next page by its cursor when the end of the list comes into view, until there is none', async () => {
    const requests = renderList({
      first: page([{ id: '3' }, { id: '2' }], 'c2'),
      c2: page([{ id: '1' }], null),
    })
    expect(await screen.findByText('item 3')).toBeInTheDocument()
    expect(cursorsAsked(requests)).toEqual([null])

    act(() => FakeIntersectionObserver.scrollIntoView())

    expect(await screen.findByText('item 1')).toBeInTheDocument()
    expect(cursorsAsked(requests)).toEqual([null, 'c2'])
    // The last page had no cursor: nothing more to load, and no button for it.
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument()
    act(() => FakeIntersectionObserver.scrollIntoView())
    expect(requests).toHaveLength(2)
  })

  it('loads one page per time the end shows, not one per report', async () => {
    const requests = renderList({
      first: page([{ id: '3' }], 'c2'),
      c2: page([{ id: '2' }], 'c1'),
      c1: page([{ id: '1' }], null),
    })
    await screen.findByText('item 3')

    act(() => {
      FakeIntersectionObserver.scrollIntoView()
      FakeIntersectionObserver.scrollIntoView()
    })

    await screen.findByText('item 2')
    expect(cursorsAsked(requests)).toEqual([null, 'c2'])
  })

  it('shows an item that two pages both hold once', async () => {
    renderList({
      first: page([{ id: '3' }, { id: '2' }], 'c2'),
      c2: page([{ id: '2' }, { id: '1' }], null),
    })
    await screen.findByText('item 3')
    act(() => FakeIntersectionObserver.scrollIntoView())
    await screen.findByText('item 1')

    expect(screen.getAllByText('item 2')).toHaveLength(1)
  })

  it('offers a button for the next page, for keyboards', async () => {
    const requests = renderList({ first: page([{ id: '2' }], 'c1'), c1: page([{ id: '1' }], null) })

    ;(await screen.findByRole('button', { name: 'Show more' })).click()

    await waitFor(() => expect(cursorsAsked(requests)).toEqual([null, 'c1']))
  })
})

import { QueryClient, QueryClientProvider, type InfiniteData } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'

import type { Page, Tweet } from '@/lib/schemas'
import { currentToasts } from '@/lib/toast'
import { aTweet, page, problem, stubApi } from '@/test/api-stub'

import { tweetKeys } from '../api/query-keys'
import { useLike, useRetweet } from './use-engagement'

/** The same tweet in the home timeline and on its own page, as the cache would hold it. */
function cacheWith(tweet: Tweet) {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } })
  queryClient.setQueryData<InfiniteData<Page<Tweet>>>(tweetKeys.home(), {
    pages: [page([aTweet({ id: '99' }), tweet])],
    pageParams: [undefined],
  })
  queryClient.setQueryData(tweetKeys.detail(tweet.id), tweet)
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  )
  const copies = () => [
    queryClient.getQueryData<InfiniteData<Page<Tweet>>>(tweetKeys.home())!.pages[0]!.items[1]!,
    queryClient.getQueryData<Tweet>(tweetKeys.detail(tweet.id))!,
  ]
  return { wrapper, copies }
}

/** A fetch answer the test releases when it wants to. */
function deferred() {
  let release!: (response: Response) => void
  const response = new Promise<Response>((resolve) => (release = resolve))
  return { response, release }
}

describe('optimistic like and retweet', () => {
  it('likes at once everywhere, then takes the count from the server', async () => {
    const answer = deferred()
    const requests = stubApi({ 'POST /api/tweets/100/like': () => answer.response })
    const { wrapper, copies } = cacheWith(aTweet({ id: '100', likeCount: 4 }))
    const { result } = renderHook(() => useLike(), { wrapper })

    act(() => result.current.mutate({ tweetId: '100', on: true }))

    await waitFor(() => expect(copies()).toEqual([expect.objectContaining({ liked: true, likeCount: 5 }), expect.objectContaining({ liked: true, likeCount: 5 })]))
    expect(requests[0]?.method).toBe('POST')

    // Someone else liked it meanwhile: the server's count wins.
    answer.release(Response.json({ liked: true, likeCount: 7 }))
    await waitFor(() => expect(copies().map((t) => t.likeCount)).toEqual([7, 7]))
    expect(result.current.isSuccess).toBe(true)
  })

  it('puts the like back when the API refuses, and says so', async () => {
    stubApi({ 'DELETE /api/tweets/100/like': problem(503, { title: 'Service Unavailable' }) })
    const { wrapper, copies } = cacheWith(aTweet({ id: '100', liked: true, likeCount: 4 }))
    const { result } = renderHook(() => useLike(), { wrapper })

    act(() => result.current.mutate({ tweetId: '100', on: false }))

    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(copies()).toEqual([
      expect.objectContaining({ liked: true, likeCount: 4 }),
      expect.objectContaining({ liked: true, likeCount: 4 }),
    ])
    expect(currentToasts().map((t) => t.message)).toContain("Couldn't undo the like. Try again.")
  })

  it('rolls back a failed retweet without touching a like made meanwhile', async () => {
    const retweetAnswer = deferred()
    stubApi({
      'POST /api/tweets/100/retweet': () => retweetAnswer.response,
      'POST /api/tweets/100/like': { liked: true, likeCount: 1 },
    })
    const { wrapper, copies } = cacheWith(aTweet({ id: '100' }))
    const { result } = renderHook(() => ({ like: useLike(), retweet: useRetweet() }), { wrapper })

    act(() => result.current.retweet.mutate({ tweetId: '100', on: true }))
    await waitFor(() => expect(copies()[0]).toMatchObject({ retweeted: true, retweetCount: 1 }))
    act(() => result.current.like.mutate({ tweetId: '100', on: true }))
    await waitFor(() => expect(result.current.like.isSuccess).toBe(true))

    retweetAnswer.release(problem(404, { title: 'Not Found' }))

    await waitFor(() => expect(copies()[0]).toMatchObject({ retweeted: false, retweetCount: 0 }))
    expect(copies()[0]).toMatchObject({ liked: true, likeCount: 1 })
  })
})

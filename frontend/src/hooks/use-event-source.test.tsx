import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createQueryClient } from '@/lib/query-client'
import { aUser, problem, stubApi } from '@/test/api-stub'
import { FakeEventSource } from '@/test/fake-event-source'

import { useEventSource } from './use-event-source'

function withQueryClient(onSessionLost?: () => void) {
  const queryClient = createQueryClient({ onSessionLost })
  return ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
}

/** Lets the session check (a fetch) settle under fake timers. */
async function settle() {
  for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(0)
}

describe('useEventSource', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('hands each named event to the latest listener, and closes the stream on unmount', () => {
    const seen: string[] = []
    const { rerender, unmount } = renderHook(
      ({ tag }) => useEventSource('/s', { tweet: (event) => seen.push(`${tag}:${event.data}`) }),
      { initialProps: { tag: 'first' }, wrapper: withQueryClient() },
    )
    rerender({ tag: 'second' })

    FakeEventSource.at('/s').emit('tweet', 1)
    FakeEventSource.at('/s').emit('other', 2)

    expect(seen).toEqual(['second:1'])
    expect(FakeEventSource.instances).toHaveLength(1) // a new listener did not reopen the stream
    unmount()
    expect(FakeEventSource.instances[0]!.closed).toBe(true)
  })

  it('leaves a stream the server ended (its lifetime) to the browser, which reconnects with Last-Event-ID', async () => {
    vi.useFakeTimers()
    const requests = stubApi({ 'GET /api/auth/me': aUser() })
    renderHook(() => useEventSource('/s', { tweet: () => {} }), { wrapper: withQueryClient() })

    FakeEventSource.at('/s').end()
    await vi.advanceTimersByTimeAsync(120_000)

    expect(FakeEventSource.instances).toHaveLength(1)
    expect(requests).toHaveLength(0)
  })

  it('after a refusal (429, 503) checks the session and opens the stream again, later each time', async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0.5) // no jitter
    const requests = stubApi({ 'GET /api/auth/me': aUser() })
    renderHook(() => useEventSource('/s', { tweet: () => {} }), { wrapper: withQueryClient() })

    FakeEventSource.at('/s').fail()
    await settle()
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/api/auth/me'])
    await vi.advanceTimersByTimeAsync(1_999)
    expect(FakeEventSource.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeEventSource.instances).toHaveLength(2)

    FakeEventSource.at('/s').fail()
    await settle()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(FakeEventSource.instances).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(FakeEventSource.instances).toHaveLength(3)

    // refused again and again: at most one attempt a minute, not a hammering
    for (let i = 0; i < 10; i++) {
      FakeEventSource.at('/s').fail()
      await settle()
      await vi.advanceTimersByTimeAsync(60_000)
    }
    const before = FakeEventSource.instances.length
    FakeEventSource.at('/s').fail()
    await settle()
    await vi.advanceTimersByTimeAsync(59_000)
    expect(FakeEventSource.instances).toHaveLength(before)
    vi.mocked(Math.random).mockRestore()
  })

  it('stops for good when the session is gone (401), and tells the app', async () => {
    vi.useFakeTimers()
    stubApi({ 'GET /api/auth/me': problem(401, { title: 'Unauthorized' }) })
    const sessionLost = vi.fn()
    renderHook(() => useEventSource('/s', { tweet: () => {} }), { wrapper: withQueryClient(sessionLost) })

    FakeEventSource.at('/s').fail()
    await settle()
    await vi.advanceTimersByTimeAsync(10 * 60_000)

    expect(FakeEventSource.instances).toHaveLength(1)
    expect(sessionLost).toHaveBeenCalled()
  })
})

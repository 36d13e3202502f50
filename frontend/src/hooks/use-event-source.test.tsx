import { renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { FakeEventSource } from '@/test/fake-event-source'

import { useEventSource } from './use-event-source'

describe('useEventSource', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('hands each named event to the latest listener, and closes the stream on unmount', () => {
    const seen: string[] = []
    const { rerender, unmount } = renderHook(
      ({ tag }) => useEventSource('/s', { tweet: (event) => seen.push(`${tag}:${event.data}`) }),
      { initialProps: { tag: 'first' } },
    )
    rerender({ tag: 'second' })

    FakeEventSource.at('/s').emit('tweet', 1)
    FakeEventSource.at('/s').emit('other', 2)

    expect(seen).toEqual(['second:1'])
    expect(FakeEventSource.instances).toHaveLength(1) // a new listener did not reopen the stream
    unmount()
    expect(FakeEventSource.instances[0]!.closed).toBe(true)
  })

  it('opens the stream again, later each time, after the server refused it', () => {
    vi.useFakeTimers()
    renderHook(() => useEventSource('/s', { tweet: () => {} }))

    FakeEventSource.at('/s').fail()
    vi.advanceTimersByTime(1_999)
    expect(FakeEventSource.instances).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeEventSource.instances).toHaveLength(2)

    FakeEventSource.at('/s').fail()
    vi.advanceTimersByTime(2_000)
    expect(FakeEventSource.instances).toHaveLength(2)
    vi.advanceTimersByTime(2_000)
    expect(FakeEventSource.instances).toHaveLength(3)
  })
})

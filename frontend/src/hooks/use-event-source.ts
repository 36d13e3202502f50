import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'

import { apiFetch, ApiError } from '@/lib/api'

type Listeners = Record<string, (event: MessageEvent<string>) => void>

const FIRST_RETRY_MS = 2_000
const LAST_RETRY_MS = 60_000

/**
 * Listens to a server-sent event stream while the component is mounted. The listeners may
 * change on every render without reopening the stream.
 *
 * The browser's EventSource reconnects by itself when the connection drops or the server ends
 * the stream (every stream ends after its lifetime, 15 minutes by default), sending
 * Last-Event-ID so that the server replays what was missed. It gives up for good when the
 * server answers with an error status: 401 (the session ended), 429 (too many streams of this
 * user, e.g. tabs), 503 (the service restarting or full). EventSource does not say which, so
 * this hook asks `GET /api/auth/me`: a 401 there means signed out, and the hook stops (the 401
 * goes through the query cache, whose handler sends the visitor to sign in); anything else, and
 * it opens a new stream later, waiting twice as long each time (2 s up to a minute, with jitter
 * so that tabs refused together do not come back together).
 */
export function useEventSource(url: string, listeners: Listeners, enabled = true) {
  const queryClient = useQueryClient()
  const latest = useRef(listeners)
  useEffect(() => {
    latest.current = listeners
  })

  const eventNames = Object.keys(listeners).sort().join(',')

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      return
    }
    const names = eventNames.split(',').filter(Boolean)
    const dispatch = (event: Event) => latest.current[event.type]?.(event as MessageEvent<string>)
    let source: EventSource
    let retryMs = FIRST_RETRY_MS
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let stopped = false

    const retryLater = () => {
      if (stopped) return
      const jitter = 0.8 + Math.random() * 0.4
      retryTimer = setTimeout(open, Math.round(retryMs * jitter))
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS)
    }

    const refused = async () => {
      try {
        await queryClient.fetchQuery({
          queryKey: ['session', 'stream-check', url],
          queryFn: () => apiFetch('/api/auth/me'),
          retry: false,
          staleTime: 0,
          gcTime: 0,
        })
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          stopped = true // signed out: nothing to reconnect to
          return
        }
      }
      retryLater()
    }

    const open = () => {
      source = new EventSource(url, { withCredentials: true })
      for (const name of names) source.addEventListener(name, dispatch)
      source.addEventListener('open', () => (retryMs = FIRST_RETRY_MS))
      source.addEventListener('error', () => {
        if (source.readyState === EventSource.CLOSED && !stopped) {
          void refused()
        }
      })
    }

    open()
    return () => {
      stopped = true
      clearTimeout(retryTimer)
      source.close()
    }
  }, [url, eventNames, enabled, queryClient])
}

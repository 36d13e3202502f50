import { useEffect, useRef } from 'react'

type Listeners = Record<string, (event: MessageEvent<string>) => void>

const FIRST_RETRY_MS = 2_000
const LAST_RETRY_MS = 60_000

/**
 * Listens to a server-sent event stream while the component is mounted. The listeners may
 * change on every render without reopening the stream.
 *
 * The browser's EventSource reconnects by itself after a dropped connection, sending
 * Last-Event-ID so that the server replays what was missed. It gives up for good when the
 * server answers with an error status (a 503 while the service restarts); then this hook opens
 * a new one, waiting longer each time, up to a minute.
 */
export function useEventSource(url: string, listeners: Listeners, enabled = true) {
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

    const open = () => {
      source = new EventSource(url, { withCredentials: true })
      for (const name of names) source.addEventListener(name, dispatch)
      source.addEventListener('open', () => (retryMs = FIRST_RETRY_MS))
      source.addEventListener('error', () => {
        if (source.readyState === EventSource.CLOSED) {
          retryTimer = setTimeout(open, retryMs)
          retryMs = Math.min(retryMs * 2, LAST_RETRY_MS)
        }
      })
    }

    open()
    return () => {
      clearTimeout(retryTimer)
      source.close()
    }
  }, [url, eventNames, enabled])
}

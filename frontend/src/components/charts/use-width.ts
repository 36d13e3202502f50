import { useEffect, useRef, useState } from 'react'

/**
 * The width of the element the ref is put on, kept up to date as it changes (a chart drawn at
 * the size it is shown at keeps readable text on a phone); `fallback` where the browser cannot
 * measure (no ResizeObserver, as in tests).
 */
export function useWidth<E extends HTMLElement>(fallback: number) {
  const ref = useRef<E>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const element = ref.current
    if (!element || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.floor(entry?.contentRect.width ?? 0)
      if (measured > 0) setWidth(measured)
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}

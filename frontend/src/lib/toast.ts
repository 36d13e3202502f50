/*
 * Short messages at the bottom of the screen ("Couldn't like the tweet"), from anywhere,
 * including mutation callbacks outside React: a tiny store that <Toaster> subscribes to.
 */

export type Toast = { id: number; message: string }

const DURATION_MS = 5000
let toasts: Toast[] = []
let nextId = 1
const listeners = new Set<() => void>()

function emit() {
  for (const listener of listeners) listener()
}

export function toast(message: string) {
  const id = nextId++
  toasts = [...toasts, { id, message }]
  emit()
  setTimeout(() => dismissToast(id), DURATION_MS)
}

export function dismissToast(id: number) {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

export function subscribeToToasts(listener: () => void) {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function currentToasts(): Toast[] {
  return toasts
}

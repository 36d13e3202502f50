import { useSyncExternalStore } from 'react'

import { currentToasts, dismissToast, subscribeToToasts } from '@/lib/toast'

/** Shows the toasts; mounted once, in the root layout. */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToToasts, currentToasts)

  return (
    <div
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-20 z-50 flex flex-col items-center gap-2 px-4 sm:bottom-6"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          role="alert"
          className="pointer-events-auto flex items-center gap-4 rounded-md bg-accent-fill px-4 py-3 text-white shadow-lg"
        >
          <span>{t.message}</span>
          <button type="button" onClick={() => dismissToast(t.id)} className="text-sm font-bold underline">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  )
}

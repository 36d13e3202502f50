import { useEffect, useId, useRef } from 'react'

import { Button } from './button'

type ConfirmDialogProps = {
  open: boolean
  title: string
  description: string
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}

/**
 * A modal question on the native <dialog>: the browser traps focus, Escape cancels, and the
 * rest of the page is inert while it is open.
 */
export function ConfirmDialog({ open, title, description, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  // one dialog per tweet on a page: each needs a title id of its own
  const titleId = useId()

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    // jsdom has neither showModal nor close: there the dialog is opened and closed by its attribute.
    if (open && !element.open) {
      if (typeof element.showModal === 'function') element.showModal()
      else element.setAttribute('open', '')
    } else if (!open && element.open) {
      if (typeof element.close === 'function') element.close()
      else element.removeAttribute('open')
    }
  }, [open])

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
      onClick={(event) => event.stopPropagation()}
      className="m-auto w-80 rounded-2xl bg-page p-8 text-ink backdrop:bg-black/40 dark:backdrop:bg-[#5b7083]/40"
    >
      <h2 id={titleId} className="text-xl font-bold">
        {title}
      </h2>
      <p className="mt-2 text-muted">{description}</p>
      <div className="mt-6 flex flex-col gap-3">
        <Button variant="danger" size="lg" onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="outline" size="lg" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </dialog>
  )
}

import type { ReactNode } from 'react'

import { ApiError } from '@/lib/api'

import { Button } from './button'

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mx-auto max-w-sm px-8 py-12">
      <h2 className="text-3xl font-extrabold">{title}</h2>
      {children && <p className="mt-2 text-muted">{children}</p>}
    </div>
  )
}

type ErrorStateProps = {
  error: unknown
  /** Shown as "Try again" when given. */
  onRetry?: () => void
  /** What failed, for a part of a page: "trends". The page itself when absent. */
  what?: string
}

/** An error in place of what failed to load, with a way to try again. */
export function ErrorState({ error, onRetry, what }: ErrorStateProps) {
  return (
    <div role="alert" className="px-8 py-10 text-center">
      <p className="font-bold">{titleOf(error, what)}</p>
      <p className="mt-1 text-sm text-muted">{detailOf(error)}</p>
      {onRetry && (
        <Button className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  )
}

function titleOf(error: unknown, what = 'this page'): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return what === 'this page' ? "This page doesn't exist" : `Couldn't find ${what}`
    if (error.status === 429) return 'Slow down a little'
    if (error.status === 503) return `Couldn't load ${what} right now`
  }
  return `Couldn't load ${what}`
}

function detailOf(error: unknown): string {
  if (error instanceof ApiError) {
    return error.detail ?? error.title
  }
  return error instanceof Error ? error.message : String(error)
}

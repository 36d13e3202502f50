import { ApiError } from '@/lib/api'

/**
 * The part of a failed submission that belongs to no single field: "Wrong username or
 * password", or a connection failure. Field errors are shown beside their fields instead.
 */
export function FormError({ error }: { error: Error | null }) {
  if (error === null || (error instanceof ApiError && error.errors && Object.keys(error.errors).length > 0)) {
    return null
  }
  return (
    <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm">
      {error instanceof ApiError ? (error.detail ?? error.title) : 'Could not reach the server. Try again.'}
    </p>
  )
}

export function fieldErrors(error: Error | null): Record<string, string> {
  return error instanceof ApiError ? (error.errors ?? {}) : {}
}

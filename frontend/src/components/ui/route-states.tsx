import { useQueryErrorResetBoundary } from '@tanstack/react-query'
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router'
import { useEffect } from 'react'

import { Spinner } from './spinner'
import { ErrorState } from './states'

/** A route's pendingComponent: the column's spinner while the loader runs. */
export function RoutePending() {
  return <Spinner />
}

/** A route's errorComponent: what failed, and "Try again" that runs the loader again. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter()
  const queryErrorReset = useQueryErrorResetBoundary()

  useEffect(() => {
    // Let the failed queries fetch again when the route renders anew.
    queryErrorReset.reset()
  }, [queryErrorReset])

  return (
    <ErrorState
      error={error}
      onRetry={() => {
        reset()
        void router.invalidate()
      }}
    />
  )
}

import { QueryErrorResetBoundary } from '@tanstack/react-query'
import { CatchBoundary } from '@tanstack/react-router'
import { Suspense, type ReactNode } from 'react'

import { Spinner } from './spinner'
import { ErrorState } from './states'

/**
 * Loading and error states for one part of a page (a sidebar box), so that a failing service
 * takes down its own section and not the page around it.
 */
export function SectionBoundary({ what, children }: { what: string; children: ReactNode }) {
  // `what` names the section in messages: "Couldn't load trends right now".
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <CatchBoundary
          getResetKey={() => what}
          onCatch={() => undefined}
          errorComponent={({ error, reset: retry }) => (
            <ErrorState
              error={error}
              what={what}
              onRetry={() => {
                reset()
                retry()
              }}
            />
          )}
        >
          <Suspense fallback={<Spinner label={`Loading ${what}`} />}>{children}</Suspense>
        </CatchBoundary>
      )}
    </QueryErrorResetBoundary>
  )
}

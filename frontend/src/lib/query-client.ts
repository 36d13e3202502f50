import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'

import { ApiError } from './api'

type QueryClientOptions = {
  /** Called when the API answers 401: the session expired or was signed out elsewhere. */
  onSessionLost?: () => void
}

/**
 * Retries only what may work a moment later: a network error or a 5xx, twice. A 4xx is
 * an answer.
 */
function retryTransient(failures: number, error: Error): boolean {
  return !(error instanceof ApiError && error.status < 500) && failures < 2
}

export function createQueryClient({ onSessionLost }: QueryClientOptions = {}) {
  const onError = (error: Error) => {
    if (error instanceof ApiError && error.status === 401) onSessionLost?.()
  }
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: retryTransient, staleTime: 30_000 },
    },
  })
}

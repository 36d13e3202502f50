import { useQuery } from '@tanstack/react-query'

import { healthQueryOptions } from '../api/get-health'

export function GatewayHealth() {
  const health = useQuery(healthQueryOptions)

  return (
    <section aria-labelledby="gateway-health" className="rounded-2xl bg-twitter-extra-light-gray p-4">
      <h2 id="gateway-health" className="font-bold">
        Gateway
      </h2>
      <p role="status" className="mt-1 text-twitter-gray">
        {health.isPending && 'Checking…'}
        {health.isError && (
          <span className="text-twitter-like">Unreachable: {health.error.message}</span>
        )}
        {health.isSuccess && (
          <span className={health.data.status === 'ok' ? 'text-twitter-retweet' : 'text-twitter-like'}>
            {health.data.status}
          </span>
        )}
      </p>
    </section>
  )
}

import { createFileRoute } from '@tanstack/react-router'

import { healthQueryOptions } from '@/features/health/api/get-health'
import { GatewayHealth } from '@/features/health/components/gateway-health'

export const Route = createFileRoute('/')({
  // Start the health check early but never hold the page for it: the widget shows its own states.
  loader: ({ context: { queryClient } }) => {
    void queryClient.prefetchQuery(healthQueryOptions)
  },
  component: HomePage,
})

function HomePage() {
  return (
    <>
      <header className="sticky top-0 border-b border-twitter-light-gray bg-white/85 px-4 py-3 backdrop-blur">
        <h1 className="text-xl font-bold">Home</h1>
      </header>
      <div className="space-y-4 p-4">
        <section>
          <h2 className="text-2xl font-extrabold">The web app is coming</h2>
          <p className="mt-2 text-twitter-gray">
            Timelines, tweets, trends and notifications will appear here as the services behind
            the gateway come online.
          </p>
        </section>
        <GatewayHealth />
      </div>
    </>
  )
}

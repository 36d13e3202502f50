import { createFileRoute } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { SectionBoundary } from '@/components/ui/section-boundary'
import { trendsQueryOptions } from '@/features/trends/api/get-trends'
import { TrendList } from '@/features/trends/components/trend-list'
import { suggestionsQueryOptions } from '@/features/users/api/get-suggestions'
import { WhoToFollow } from '@/features/users/components/who-to-follow'

export const Route = createFileRoute('/_authed/explore')({
  // Trends and suggestions come from two services: each section shows its own failure.
  loader: ({ context: { queryClient } }) =>
    Promise.allSettled([
      queryClient.ensureQueryData(trendsQueryOptions()),
      queryClient.ensureQueryData(suggestionsQueryOptions()),
    ]),
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: ExplorePage,
})

function ExplorePage() {
  return (
    <>
      <PageHeader title="Explore" />
      <section aria-labelledby="trends-heading" className="border-b border-line">
        <h2 id="trends-heading" className="px-4 py-3 text-xl font-extrabold">
          Trends for you
        </h2>
        <SectionBoundary what="trends">
          <TrendList />
        </SectionBoundary>
      </section>
      <section aria-labelledby="who-to-follow-heading">
        <h2 id="who-to-follow-heading" className="px-4 py-3 text-xl font-extrabold">
          Who to follow
        </h2>
        <SectionBoundary what="suggestions">
          <WhoToFollow />
        </SectionBoundary>
      </section>
    </>
  )
}

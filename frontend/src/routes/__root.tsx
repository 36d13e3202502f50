import type { QueryClient } from '@tanstack/react-query'
import { createRootRouteWithContext, Link, Outlet } from '@tanstack/react-router'

import { RouteError } from '@/components/ui/route-states'
import { Toaster } from '@/components/ui/toaster'

export type RouterContext = {
  queryClient: QueryClient
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RouteError,
  notFoundComponent: NotFound,
})

function RootLayout() {
  return (
    <>
      <Outlet />
      <Toaster />
    </>
  )
}

function NotFound() {
  return (
    <section className="mx-auto max-w-[600px] p-8">
      <h1 className="text-2xl font-extrabold">Page not found</h1>
      <p className="mt-2 text-muted">This page doesn't exist. Try searching for something else.</p>
      <Link to="/" className="mt-4 inline-block text-accent hover:underline">
        Back to Home
      </Link>
    </section>
  )
}

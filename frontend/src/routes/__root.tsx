import type { QueryClient } from '@tanstack/react-query'
import {
  createRootRouteWithContext,
  Link,
  Outlet,
  useRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router'

export type RouterContext = {
  queryClient: QueryClient
}

export const Route = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RootError,
  notFoundComponent: NotFound,
})

// Plain links until these pages exist; each becomes a typed <Link> with its route.
const navItems = [
  { label: 'Home', href: '/' },
  { label: 'Explore', href: '/explore' },
  { label: 'Notifications', href: '/notifications' },
  { label: 'Profile', href: '/profile' },
] as const

function RootLayout() {
  return (
    <div className="mx-auto flex min-h-screen max-w-5xl">
      <nav aria-label="Main" className="sticky top-0 h-screen w-64 shrink-0 px-3 py-2">
        <a href="/" className="block px-4 py-3 text-2xl font-extrabold text-twitter-blue">
          Twitter-like
        </a>
        <ul className="space-y-1">
          {navItems.map(({ label, href }) => (
            <li key={href}>
              <a
                href={href}
                className="block rounded-full px-4 py-3 text-xl hover:bg-twitter-light-gray"
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="min-h-screen w-full max-w-150 border-x border-twitter-light-gray">
        <Outlet />
      </main>
    </div>
  )
}

function NotFound() {
  return (
    <section className="p-8">
      <h1 className="text-2xl font-extrabold">Page not found</h1>
      <p className="mt-2 text-twitter-gray">This page doesn't exist.</p>
      <Link to="/" className="mt-4 inline-block text-twitter-blue hover:underline">
        Back to Home
      </Link>
    </section>
  )
}

function RootError({ error }: ErrorComponentProps) {
  const router = useRouter()

  return (
    <section role="alert" className="p-8">
      <h1 className="text-2xl font-extrabold">Something went wrong</h1>
      <p className="mt-2 text-twitter-gray">
        {error instanceof Error ? error.message : String(error)}
      </p>
      <button
        type="button"
        onClick={() => void router.invalidate()}
        className="mt-4 rounded-full bg-twitter-blue px-4 py-2 font-bold text-white hover:bg-twitter-dark-blue"
      >
        Try again
      </button>
    </section>
  )
}

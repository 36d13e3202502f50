import { createFileRoute, Link, redirect } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { AuthCard } from '@/features/auth/components/auth-card'
import { SignInForm } from '@/features/auth/components/sign-in-form'
import { redirectSearchSchema } from '@/lib/route-params'
import { meQueryOptions } from '@/lib/session'

export const Route = createFileRoute('/login')({
  validateSearch: redirectSearchSchema,
  beforeLoad: async ({ context: { queryClient }, search }) => {
    if (await queryClient.ensureQueryData(meQueryOptions)) {
      throw redirect({ href: search.redirect ?? '/' })
    }
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: SignInPage,
})

function SignInPage() {
  const { redirect: redirectTo = '/' } = Route.useSearch()

  return (
    <AuthCard title="Sign in to Twitter-like">
      <SignInForm redirectTo={redirectTo} />
      <p className="mt-8 text-muted">
        Don't have an account?{' '}
        <Link to="/register" search={{ redirect: redirectTo }} className="text-accent underline underline-offset-2 hover:decoration-2">
          Sign up
        </Link>
      </p>
    </AuthCard>
  )
}

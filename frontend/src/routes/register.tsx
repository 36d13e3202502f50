import { createFileRoute, Link, redirect } from '@tanstack/react-router'

import { RouteError, RoutePending } from '@/components/ui/route-states'
import { AuthCard } from '@/features/auth/components/auth-card'
import { RegisterForm } from '@/features/auth/components/register-form'
import { redirectSearchSchema } from '@/lib/route-params'
import { meQueryOptions } from '@/lib/session'

export const Route = createFileRoute('/register')({
  validateSearch: redirectSearchSchema,
  beforeLoad: async ({ context: { queryClient }, search }) => {
    if (await queryClient.ensureQueryData(meQueryOptions)) {
      throw redirect({ href: search.redirect ?? '/' })
    }
  },
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: RegisterPage,
})

function RegisterPage() {
  const { redirect: redirectTo = '/' } = Route.useSearch()

  return (
    <AuthCard title="Create your account">
      <RegisterForm redirectTo={redirectTo} />
      <p className="mt-8 text-muted">
        Have an account already?{' '}
        <Link to="/login" search={{ redirect: redirectTo }} className="text-accent underline underline-offset-2 hover:decoration-2">
          Sign in
        </Link>
      </p>
    </AuthCard>
  )
}

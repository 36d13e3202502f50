import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate, useRouter } from '@tanstack/react-router'

import { meQueryOptions } from '@/lib/session'
import type { User } from '@/lib/schemas'

import { register } from '../api/register'
import { signIn } from '../api/sign-in'
import { signOut } from '../api/sign-out'

/**
 * After signing in or registering: a fresh cache for the new user (nothing of the previous
 * session's may show), the user as the session, then on to where they were going.
 */
function useStartSession(redirectTo: string) {
  const queryClient = useQueryClient()
  const router = useRouter()

  return async (user: User) => {
    queryClient.clear()
    queryClient.setQueryData(meQueryOptions.queryKey, user)
    await router.navigate({ href: redirectTo, replace: true })
  }
}

export function useSignIn(redirectTo: string) {
  const startSession = useStartSession(redirectTo)
  return useMutation({ mutationFn: signIn, onSuccess: startSession })
}

export function useRegister(redirectTo: string) {
  const startSession = useStartSession(redirectTo)
  return useMutation({ mutationFn: register, onSuccess: startSession })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  const navigate = useNavigate()

  return useMutation({
    mutationFn: signOut,
    onSettled: async () => {
      // Even when the call failed, this browser forgets the session's data.
      queryClient.clear()
      queryClient.setQueryData(meQueryOptions.queryKey, null)
      await navigate({ to: '/login' })
    },
  })
}

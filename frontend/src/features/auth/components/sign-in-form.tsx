import type { FormEvent } from 'react'

import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/text-field'

import { useSignIn } from '../hooks/use-session-mutations'
import { fieldErrors, FormError } from './form-error'

export function SignInForm({ redirectTo }: { redirectTo: string }) {
  const signIn = useSignIn(redirectTo)
  const errors = fieldErrors(signIn.error)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    signIn.mutate({ username: String(form.get('username')), password: String(form.get('password')) })
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <FormError error={signIn.error} />
      <TextField label="Username" name="username" autoComplete="username" autoCapitalize="none" error={errors.username} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} />
      <Button type="submit" variant="inverse" size="lg" className="w-full" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}

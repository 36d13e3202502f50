import type { FormEvent } from 'react'

import { Button } from '@/components/ui/button'
import { TextField } from '@/components/ui/text-field'

import { useRegister } from '../hooks/use-session-mutations'
import { fieldErrors, FormError } from './form-error'

export function RegisterForm({ redirectTo }: { redirectTo: string }) {
  const register = useRegister(redirectTo)
  const errors = fieldErrors(register.error)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const displayName = String(form.get('displayName')).trim()
    register.mutate({
      username: String(form.get('username')),
      password: String(form.get('password')),
      displayName: displayName === '' ? undefined : displayName,
    })
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <FormError error={register.error} />
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        hint="Up to 15 letters, digits or underscores"
        error={errors.username}
      />
      <TextField label="Display name" name="displayName" autoComplete="name" error={errors.displayName} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="8 to 72 characters"
        error={errors.password}
      />
      <Button type="submit" variant="inverse" size="lg" className="w-full" disabled={register.isPending}>
        {register.isPending ? 'Creating your account…' : 'Create account'}
      </Button>
    </form>
  )
}

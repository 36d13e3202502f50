import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'

import { aUser, page, problem, stubApi } from '@/test/api-stub'
import { renderApp } from '@/test/render-app'

const signedOut = { 'GET /api/auth/me': problem(401, { title: 'Unauthorized' }) }

describe('signing in', () => {
  it('sends a signed-out visitor to sign in, and remembers where they were going', async () => {
    stubApi(signedOut)
    const { router } = renderApp('/explore')

    expect(await screen.findByRole('heading', { name: 'Sign in to Twitter-like' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/login')
    expect(router.state.location.search).toEqual({ redirect: '/explore' })
  })

  it('shows the field errors of a 400 problem beside their fields', async () => {
    const requests = stubApi({
      ...signedOut,
      'POST /api/auth/login': problem(400, {
        title: 'Bad Request',
        detail: 'Invalid input',
        errors: { username: 'is required', password: 'must be 8 to 72 characters' },
      }),
    })
    renderApp('/login')

    await userEvent.type(await screen.findByLabelText('Password'), 'short')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByText('Username is required')).toBeInTheDocument()
    expect(screen.getByLabelText('Username')).toHaveAccessibleDescription('Username is required')
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Password must be 8 to 72 characters')
    expect(screen.getByLabelText('Password')).toBeInvalid()
    expect(await requests.at(-1)!.json()).toEqual({ username: '', password: 'short' })
  })

  it('says so when the username or password is wrong', async () => {
    stubApi({
      ...signedOut,
      'POST /api/auth/login': problem(401, { title: 'Unauthorized', detail: 'Wrong username or password' }),
    })
    renderApp('/login')

    await userEvent.type(await screen.findByLabelText('Username'), 'alice')
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password')
  })

  it('goes where the visitor was going once signed in', async () => {
    let session = false
    stubApi({
      'GET /api/auth/me': () => (session ? aUser() : problem(401)),
      'POST /api/auth/login': () => {
        session = true
        return aUser()
      },
      'GET /api/users/lookup': aUser({ username: 'bob', displayName: 'Bob', id: '2' }),
      'GET /api/timeline/user/2': page([]),
      'GET /api/notifications/unread-count': { count: 0 },
    })
    const { router } = renderApp('/bob')

    await userEvent.type(await screen.findByLabelText('Username'), 'alice')
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse')
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByRole('heading', { name: 'Bob', level: 2 })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/bob')
  })

  it('never sends the visitor to another site after signing in', async () => {
    stubApi(signedOut)
    const { router } = renderApp('/login?redirect=%2F%2Fevil.example')

    await screen.findByRole('heading', { name: 'Sign in to Twitter-like' })
    expect(router.state.location.search).toEqual({})
  })

  it('registers, showing which field the server refused', async () => {
    stubApi({
      ...signedOut,
      'POST /api/auth/register': problem(409, { title: 'Conflict', detail: 'That username is taken', errors: { username: 'is taken' } }),
    })
    renderApp('/register')

    await userEvent.type(await screen.findByLabelText('Username'), 'alice')
    await userEvent.type(screen.getByLabelText('Password'), 'long enough')
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByText('Username is taken')).toBeInTheDocument()
  })

  it('signs out, back to the sign-in page', async () => {
    let session = true
    stubApi({
      'GET /api/auth/me': () => (session ? aUser() : problem(401)),
      'POST /api/auth/logout': () => {
        session = false
        return new Response(null, { status: 204 })
      },
      'GET /api/timeline/home': page([]),
      'GET /api/notifications/unread-count': { count: 0 },
    })
    const { router } = renderApp('/')

    await userEvent.click((await screen.findAllByRole('button', { name: 'Sign out' }))[0]!)

    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
    expect(await screen.findByRole('heading', { name: 'Sign in to Twitter-like' })).toBeInTheDocument()
  })
})

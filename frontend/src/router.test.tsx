import { QueryClient } from '@tanstack/react-query'
import { createMemoryHistory, RouterProvider } from '@tanstack/react-router'
import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { createAppRouter } from './router'

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const history = createMemoryHistory({ initialEntries: [path] })
  render(<RouterProvider router={createAppRouter({ queryClient, history })} />)
}

function stubGateway(health: { status: string }, httpStatus = 200) {
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => Response.json(health, { status: httpStatus })),
  )
}

describe('app routes', () => {
  it('renders the home placeholder with the gateway health', async () => {
    stubGateway({ status: 'ok' })
    renderAt('/')

    expect(await screen.findByRole('heading', { name: 'The web app is coming' })).toBeInTheDocument()
    expect(await screen.findByRole('status')).toHaveTextContent('ok')
    expect(screen.getByRole('navigation', { name: 'Main' })).toHaveTextContent(
      'HomeExploreNotificationsProfile',
    )
  })

  it('shows a degraded gateway, which answers 503', async () => {
    stubGateway({ status: 'degraded' }, 503)
    renderAt('/')

    expect(await screen.findByText('degraded')).toBeInTheDocument()
  })

  it('renders the not-found page inside the layout', async () => {
    stubGateway({ status: 'ok' })
    renderAt('/no-such-page')

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument()
  })
})

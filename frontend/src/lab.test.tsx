import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'

import type { Internals } from '@/features/lab/api/get-internals'
import type { Journey } from '@/features/lab/api/get-journey'
import { aTweet, aUser, stubApi } from '@/test/api-stub'
import { labRunSample } from '@/test/lab-run-sample'
import { renderApp } from '@/test/render-app'

// the build's lab run (bench/results/lab-latest.json) replaced by a known one
vi.mock('@/features/lab/lab-run', async (original) => ({
  ...(await original<typeof import('@/features/lab/lab-run')>()),
  labRunFile: { state: 'run', run: labRunSample },
}))

const viewer = aUser({ id: '1', username: 'alice', displayName: 'Alice' })

/** Each poll a second later, with 40 more reads (30 from the cache, 10 pulling) and 500 more writes. */
function internalsAt(poll: number): Internals {
  const at = new Date(Date.UTC(2026, 11, 1, 22, 0, poll)).toISOString()
  return {
    at,
    fanout: { workers: 1, at, backlog: 3, writes: 1000 + 500 * poll, inserted: 900, skipped: 0, tweets: { normal: 7, influencer: 2, celebrity: 1 } },
    homeReads: {
      instances: 1,
      at,
      total: 100 + 40 * poll,
      byPath: { cache: 80 + 30 * poll, catch_up: 0, rebuild: 20 + 10 * poll, postgres: 0 },
      pulled: 10 * poll,
    },
    authors: { at, normal: 2937, influencer: 60, celebrity: 3 },
  }
}

const at = '2026-12-01T22:00:00.000Z'
const pending: Journey = { tweetId: '500', authorId: '1', tier: null, done: false, delivery: null, steps: [{ name: 'accepted', at, afterMs: 0 }] }
const done: Journey = {
  ...pending,
  tier: 'normal',
  done: true,
  delivery: { followers: 3, written: 2, skipped: 0, uncached: 1, pulled: 0 },
  steps: [
    { name: 'accepted', at, afterMs: 0 },
    { name: 'relayed', at, afterMs: 6 },
    { name: 'fanoutStarted', at, afterMs: 9 },
    { name: 'visible', at, afterMs: 12 },
    { name: 'fanoutDone', at, afterMs: 14 },
  ],
}

describe('the Lab page', () => {
  it("draws the last run's charts, shows the live figures, and follows a posted tweet to its followers", async () => {
    let polls = 0
    let journeys = 0
    const requests = stubApi({
      'GET /api/auth/me': viewer,
      'GET /api/notifications/unread-count': { count: 0 },
      'GET /api/lab/internals': () => internalsAt(polls++),
      'POST /api/tweets': () => Response.json(aTweet({ id: '500', author: viewer, content: 'watch me' }), { status: 201 }),
      'GET /api/lab/journey/500': () => (journeys++ === 0 ? pending : done),
    })
    renderApp('/lab')

    expect(await screen.findByRole('heading', { name: 'Lab', level: 1 })).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: /Lab/ })).toHaveAttribute('href', '/lab')

    // the run: four charts, each with a line or bars per series
    const charts = screen.getAllByRole('figure')
    expect(charts).toHaveLength(4)
    const latency = screen.getByRole('img', { name: 'Home reads: p99 against offered rate' })
    expect(latency.querySelectorAll('[data-series]')).toHaveLength(4)
    expect(latency.querySelectorAll('circle')).toHaveLength(12)
    expect(screen.getByRole('img', { name: 'Timeline writes per tweet, by author tier' }).querySelectorAll('rect')).toHaveLength(12)
    expect(screen.getByText('Write amplification.').tagName).toBe('STRONG')

    // live: totals at once, rates from the second poll on (2 s later)
    const live = screen.getByRole('region', { name: 'Live internals' })
    expect(await within(live).findByText('3 events')).toBeInTheDocument()
    expect(within(live).getByRole('row', { name: /influencer 60 2/ })).toBeInTheDocument()
    await waitFor(() => expect(within(live).getByText('75%')).toBeInTheDocument(), { timeout: 5000 })
    expect(within(live).getByText('25%')).toBeInTheDocument() // 10 of 40 reads pulled
    expect(within(live).getByText('500')).toBeInTheDocument() // writes per second

    // the travel: post, then every step with its time
    const travel = screen.getByRole('region', { name: 'Watch a tweet travel' })
    await userEvent.type(within(travel).getByRole('textbox'), 'watch me')
    await userEvent.click(within(travel).getByRole('button', { name: 'Post and watch' }))
    const journey = await within(travel).findByRole('list', { name: "The tweet's journey" })
    await waitFor(() => expect(within(journey).getByText('+14 ms')).toBeInTheDocument())
    const items = within(journey).getAllByRole('listitem')
    expect(items.map((i) => i.getAttribute('data-step'))).toEqual(['accepted', 'relayed', 'fanoutStarted', 'visible', 'fanoutDone'])
    expect(items.every((i) => i.getAttribute('data-state') === 'done')).toBe(true)
    expect(items[4]).toHaveTextContent("written to 2 followers' timelines of 3; 1 not cached")
    const posted = requests.find((r) => r.method === 'POST')!
    expect(await posted.json()).toEqual({ content: 'watch me' })
    expect(posted.headers.get('Idempotency-Key')).toBeTruthy()
    // done: no more polling of the journey
    const asked = journeys
    await new Promise((resolve) => setTimeout(resolve, 900))
    expect(journeys).toBe(asked)
  })
})

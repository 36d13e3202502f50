import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'

import { aTweet, aUser, page, problem, stubApi } from '@/test/api-stub'
import { FakeEventSource } from '@/test/fake-event-source'
import { renderApp } from '@/test/render-app'

const viewer = aUser({ id: '1', username: 'alice', displayName: 'Alice' })

function signedIn(routes: Record<string, unknown> = {}) {
  return stubApi({
    'GET /api/auth/me': viewer,
    'GET /api/notifications/unread-count': { count: 0 },
    ...routes,
  })
}

describe('home', () => {
  it('shows the timeline, with retweets labelled and links in the text', async () => {
    signedIn({
      'GET /api/timeline/home': page([
        aTweet({ id: '3', content: 'Tea time #日本語 with @carol, see https://example.com/x.' }),
        aTweet({ id: '2', content: 'retweeted one', retweetedBy: { id: '3', username: 'carol', displayName: 'Carol', avatarUrl: null } }),
      ]),
    })
    renderApp('/')

    const [first, second] = await screen.findAllByRole('article')
    expect(within(first!).getByRole('link', { name: '#日本語' })).toHaveAttribute('href', '/hashtag/%E6%97%A5%E6%9C%AC%E8%AA%9E')
    expect(within(first!).getByRole('link', { name: '@carol' })).toHaveAttribute('href', '/carol')
    const external = within(first!).getByRole('link', { name: 'example.com/x' })
    expect(external).toHaveAttribute('href', 'https://example.com/x')
    expect(external).toHaveAttribute('rel', 'noopener noreferrer')
    expect(external).toHaveAttribute('target', '_blank')
    expect(within(second!).getByText('Carol retweeted')).toBeInTheDocument()
  })

  it('shows markup in a tweet as the text it is', async () => {
    const payload = '<img src=x onerror=alert(1)> <script>alert(2)</script>'
    signedIn({ 'GET /api/timeline/home': page([aTweet({ content: payload })]) })
    renderApp('/')

    const tweet = await screen.findByRole('article')
    expect(within(tweet).getByText(payload)).toBeInTheDocument()
    expect(tweet.querySelector('script')).toBeNull()
    expect(tweet.querySelectorAll('img')).toHaveLength(0)
  })

  it('says what to do when the timeline is empty', async () => {
    signedIn({ 'GET /api/timeline/home': page([]) })
    renderApp('/')

    expect(await screen.findByRole('heading', { name: 'Welcome to Twitter-like!' })).toBeInTheDocument()
  })

  it('shows an error with a retry when the timeline does not load', async () => {
    let fails = true
    signedIn({
      'GET /api/timeline/home': () =>
        fails ? problem(503, { title: 'Service Unavailable', detail: 'timeline-service is unavailable' }) : page([aTweet()]),
    })
    renderApp('/')

    expect(await screen.findByRole('alert')).toHaveTextContent('timeline-service is unavailable')
    fails = false
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('article')).toBeInTheDocument()
  })

  it('holds new tweets from the stream behind a bar, and shows them when asked', async () => {
    signedIn({ 'GET /api/timeline/home': page([aTweet({ id: '1', content: 'old news' })]) })
    renderApp('/')
    await screen.findByText('old news')

    const stream = FakeEventSource.at('/api/timeline/stream')
    stream.emit('tweet', aTweet({ id: '5', content: 'fresh' }))
    stream.emit('tweet', aTweet({ id: '1', content: 'old news' })) // already shown: not counted

    await userEvent.click(await screen.findByRole('button', { name: 'Show 1 new tweet' }))

    const articles = await screen.findAllByRole('article')
    expect(articles.map((a) => within(a).getByText(/fresh|old news/).textContent)).toEqual(['fresh', 'old news'])
    expect(screen.queryByRole('button', { name: /new tweet/ })).not.toBeInTheDocument()
  })

  it('counts as the server does, and will not post 281 characters', async () => {
    signedIn({ 'GET /api/timeline/home': page([]) })
    renderApp('/')
    const box = await screen.findByRole('textbox', { name: "What's happening?" })
    const tweetButton = screen.getByRole('button', { name: 'Tweet' })
    expect(tweetButton).toBeDisabled()

    await userEvent.click(box)
    await userEvent.paste('😀'.repeat(270))
    expect(screen.getByText('10')).toBeInTheDocument()
    expect(tweetButton).toBeEnabled()

    await userEvent.paste('😀'.repeat(11))
    expect(screen.getByText('-1')).toBeInTheDocument()
    expect(tweetButton).toBeDisabled()
  })

  it('posts once with an Idempotency-Key, keeps the key for a retry, and shows the tweet at once', async () => {
    let attempts = 0
    let answerSecondAttempt!: () => void
    const secondAttempt = new Promise<void>((resolve) => (answerSecondAttempt = resolve))
    const requests = signedIn({
      'GET /api/timeline/home': page([aTweet({ id: '1', content: 'older' })]),
      'POST /api/tweets': async (request: Request) => {
        attempts++
        if (attempts === 1) return problem(503, { title: 'Service Unavailable', detail: 'tweet-service is unavailable' })
        await secondAttempt
        const { content } = (await request.json()) as { content: string }
        return Response.json(aTweet({ id: '9', content, author: viewer }), { status: 201 })
      },
    })
    renderApp('/')
    await screen.findByText('older')

    await userEvent.type(screen.getByRole('textbox', { name: "What's happening?" }), 'Hello #world')
    await userEvent.click(screen.getByRole('button', { name: 'Tweet' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('tweet-service is unavailable')

    // The retry, double-clicked while the server takes its time.
    await userEvent.dblClick(screen.getByRole('button', { name: 'Tweet' }))
    answerSecondAttempt()

    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2))
    expect(within(screen.getAllByRole('article')[0]!).getByText('Hello')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: "What's happening?" })).toHaveValue('')
    const keys = requests.filter((r) => r.method === 'POST').map((r) => r.headers.get('Idempotency-Key'))
    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe(keys[0])
  })

  it('makes a changed draft another tweet, with a key of its own', async () => {
    let attempts = 0
    const requests = signedIn({
      'GET /api/timeline/home': page([]),
      'POST /api/tweets': () => (++attempts === 1 ? problem(503) : Response.json(aTweet({ id: '9' }), { status: 201 })),
    })
    renderApp('/')
    const box = await screen.findByRole('textbox', { name: "What's happening?" })

    await userEvent.type(box, 'first')
    await userEvent.click(screen.getByRole('button', { name: 'Tweet' }))
    await screen.findByRole('alert')
    await userEvent.type(box, ' edited')
    await userEvent.click(screen.getByRole('button', { name: 'Tweet' }))

    await waitFor(() => expect(box).toHaveValue(''))
    const [first, second] = requests.filter((r) => r.method === 'POST').map((r) => r.headers.get('Idempotency-Key'))
    expect(second).not.toBe(first)
  })
})

import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'

import { aTweet, aUser, page, problem, stubApi } from '@/test/api-stub'
import { FakeEventSource } from '@/test/fake-event-source'
import { renderApp } from '@/test/render-app'

const viewer = aUser({ id: '1', username: 'alice', displayName: 'Alice' })
const bob = aUser({ id: '2', username: 'bob', displayName: 'Bob', bio: 'Tea and #maps', followerCount: 1 })

function signedIn(routes: Record<string, unknown> = {}) {
  return stubApi({
    'GET /api/auth/me': viewer,
    'GET /api/notifications/unread-count': { count: 0 },
    ...routes,
  })
}

describe('notifications', () => {
  it('groups likes, marks them read once shown, and keeps the badge live', async () => {
    const requests = signedIn({
      'GET /api/notifications/unread-count': { count: 2 },
      'GET /api/notifications': page([
        {
          id: '20',
          type: 'like',
          actor: { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null },
          actors: [
            { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null },
            { id: '3', username: 'carol', displayName: 'Carol', avatarUrl: null },
          ],
          actorCount: 13,
          tweet: aTweet({ id: '7', author: viewer, content: 'my tweet' }),
          createdAt: new Date().toISOString(),
          read: false,
        },
        {
          id: '10',
          type: 'follow',
          actor: { id: '3', username: 'carol', displayName: 'Carol', avatarUrl: null },
          tweet: null,
          createdAt: new Date().toISOString(),
          read: true,
        },
      ]),
      'POST /api/notifications/read': new Response(null, { status: 204 }),
    })
    renderApp('/notifications')

    const [grouped, follow] = await screen.findAllByRole('article')
    expect(grouped).toHaveTextContent('Bob and 12 others liked your tweet')
    expect(follow).toHaveTextContent('Carol followed you')

    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true))
    expect(await requests.find((r) => r.method === 'POST')!.json()).toEqual({ upTo: '20' })

    const nav = screen.getByRole('navigation', { name: 'Main' })
    FakeEventSource.at('/api/notifications/stream').emit('unread-count', { count: 3 })
    expect(await within(nav).findByText('3')).toBeInTheDocument()
  })

  it('says when there is nothing yet', async () => {
    signedIn({ 'GET /api/notifications': page([]) })
    renderApp('/notifications')

    expect(await screen.findByRole('heading', { name: 'Nothing to see here — yet' })).toBeInTheDocument()
  })

  it('says which service is down when notifications do not load', async () => {
    signedIn({
      'GET /api/notifications': problem(503, { title: 'Service Unavailable', detail: 'notification-service is unavailable; try again shortly' }),
    })
    renderApp('/notifications')

    expect(await screen.findByRole('alert')).toHaveTextContent('notification-service is unavailable')
  })
})

describe('profile', () => {
  it('shows the header, and follows with a filled button that turns to an outlined "Following"', async () => {
    signedIn({
      'GET /api/users/lookup': bob,
      'GET /api/timeline/user/2': page([
        aTweet({ id: '5', content: 'a tweet' }),
        aTweet({ id: '4', content: 'a reply', replyTo: '3' }),
      ]),
      'POST /api/users/2/follow': { ...bob, followedByMe: true, followerCount: 2 },
    })
    renderApp('/bob')

    expect(await screen.findByRole('heading', { name: 'Bob', level: 2 })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: '#maps' })).toBeInTheDocument()
    expect(screen.getByText('a tweet')).toBeInTheDocument()
    expect(screen.queryByText('a reply')).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('button', { name: 'Follow' }))

    const following = await screen.findByRole('button', { name: 'Following' })
    expect(following).toHaveAttribute('aria-pressed', 'true')
    expect(following.className).toContain('border')
    expect(screen.getByRole('link', { name: /2 Followers/ })).toBeInTheDocument()
  })

  it('shows replies on their own tab', async () => {
    signedIn({
      'GET /api/users/lookup': bob,
      'GET /api/timeline/user/2': page([
        aTweet({ id: '5', content: 'a tweet' }),
        aTweet({ id: '4', content: 'a reply', replyTo: '3' }),
      ]),
    })
    renderApp('/bob/replies')

    expect(await screen.findByText('a reply')).toBeInTheDocument()
    expect(screen.queryByText('a tweet')).not.toBeInTheDocument()
  })

  it('offers to edit one’s own profile instead of following', async () => {
    signedIn({ 'GET /api/users/lookup': viewer, 'GET /api/timeline/user/1': page([]) })
    renderApp('/alice')

    expect(await screen.findByRole('link', { name: 'Edit profile' })).toHaveAttribute('href', '/settings/profile')
    expect(screen.queryByRole('button', { name: 'Follow' })).not.toBeInTheDocument()
  })

  it('says so when the account does not exist', async () => {
    signedIn({ 'GET /api/users/lookup': problem(404, { title: 'Not Found', detail: 'No user @nobody' }) })
    renderApp('/nobody')

    expect(await screen.findByRole('alert')).toHaveTextContent("This page doesn't exist")
  })

  it('saves an edited profile and shows the server’s field errors', async () => {
    let attempts = 0
    signedIn({
      'PATCH /api/users/me': async (request: Request) => {
        if (++attempts === 1) return problem(400, { errors: { displayName: 'must not be blank' } })
        return { ...viewer, ...((await request.json()) as object) }
      },
      'GET /api/users/lookup': () => ({ ...viewer, bio: 'Hello there' }),
      'GET /api/timeline/user/1': page([]),
    })
    renderApp('/settings/profile')

    const name = await screen.findByLabelText('Name')
    await userEvent.clear(name)
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Name must not be blank')).toBeInTheDocument()

    await userEvent.type(name, 'Alice A.')
    await userEvent.type(screen.getByLabelText('Bio'), 'Hello there')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByRole('heading', { name: 'Alice A.', level: 2 })).toBeInTheDocument()
  })
})

describe('a tweet', () => {
  it('shows the tweet and its replies, and a reply appears under it at once', async () => {
    const tweet = aTweet({ id: '7', content: 'the tweet', replyCount: 1 })
    signedIn({
      'GET /api/tweets/7': tweet,
      'GET /api/tweets/7/replies': page([aTweet({ id: '8', content: 'first reply', replyTo: '7' })]),
      'POST /api/tweets': async (request: Request) =>
        Response.json(aTweet({ id: '9', author: viewer, replyTo: '7', ...((await request.json()) as object) }), {
          status: 201,
        }),
    })
    renderApp('/bob/status/7')

    expect(await screen.findByText('the tweet')).toBeInTheDocument()
    expect(screen.getByText('first reply')).toBeInTheDocument()

    await userEvent.type(screen.getByRole('textbox', { name: 'Post your reply' }), 'my reply')
    await userEvent.click(screen.getByRole('button', { name: 'Reply' }))

    expect(await screen.findByText('my reply')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Reply, 2 replies' })).toBeInTheDocument()
  })

  it('is deleted by its author after a confirmation', async () => {
    const own = aTweet({ id: '7', author: viewer, content: 'delete me' })
    const requests = signedIn({
      'GET /api/timeline/home': page([own, aTweet({ id: '6', content: 'stays' })]),
      'DELETE /api/tweets/7': new Response(null, { status: 204 }),
    })
    renderApp('/')

    const tweet = (await screen.findByText('delete me')).closest('article')!
    await userEvent.click(within(tweet).getByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete tweet?' })
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))

    await waitFor(() => expect(screen.queryByText('delete me')).not.toBeInTheDocument())
    expect(screen.getByText('stays')).toBeInTheDocument()
    expect(requests.some((r) => r.method === 'DELETE')).toBe(true)
  })

  it('likes at once, and puts the like back with a message when refused', async () => {
    signedIn({
      'GET /api/timeline/home': page([aTweet({ id: '7', likeCount: 2 })]),
      'POST /api/tweets/7/like': problem(503, { title: 'Service Unavailable' }),
    })
    renderApp('/')

    await userEvent.click(await screen.findByRole('button', { name: 'Like, 2 likes' }))

    expect(await screen.findByText("Couldn't like the tweet. Try again.")).toBeInTheDocument()
    const like = screen.getByRole('button', { name: 'Like, 2 likes' })
    expect(like).toHaveAttribute('aria-pressed', 'false')
    expect(like).toHaveTextContent('2')
  })
})

describe('explore and hashtags', () => {
  it('shows trends with rising marks and who to follow, each failing on its own', async () => {
    signedIn({
      'GET /api/trends': {
        items: [
          { hashtag: 'tea', score: 9, tweetCount: 1200, uniqueAuthors: 40, velocity: 3, rising: true },
          { hashtag: 'maps', score: 2, tweetCount: 1, uniqueAuthors: 1, velocity: 0, rising: false },
        ],
        updatedAt: new Date().toISOString(),
      },
      'GET /api/users/suggestions': problem(503, { title: 'Service Unavailable', detail: 'graph-service is unavailable' }),
    })
    renderApp('/explore')

    const tea = await screen.findByRole('link', { name: /#tea/ })
    expect(tea).toHaveAttribute('href', '/hashtag/tea')
    expect(tea).toHaveTextContent('Rising')
    expect(tea).toHaveTextContent('1,200 tweets')
    expect(screen.getByRole('link', { name: /#maps/ })).not.toHaveTextContent('Rising')
    expect(await screen.findByRole('alert')).toHaveTextContent("Couldn't load suggestions right now")
  })

  it('lists the tweets of a hashtag', async () => {
    signedIn({ 'GET /api/hashtags/日本語/tweets': page([aTweet({ content: 'こんにちは #日本語' })]) })
    renderApp('/hashtag/日本語')

    expect(await screen.findByRole('heading', { name: '#日本語' })).toBeInTheDocument()
    expect(screen.getByText('こんにちは')).toBeInTheDocument()
  })

  it('shows the not-found page for a path that is no route', async () => {
    signedIn()
    renderApp('/bob/nothing/here')

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
  })

  it('takes a path whose params are not valid for no route at all', async () => {
    const requests = signedIn()
    renderApp('/not-a-username/status/12x')

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument()
    expect(requests.map((r) => new URL(r.url).pathname)).not.toContain('/api/tweets/12x')
  })
})

import { vi } from 'vitest'

import type { Tweet, User } from '@/lib/schemas'

type Answer = Response | unknown
type Handler = (request: Request) => Answer | Promise<Answer>

/**
 * Stands in for the gateway: `fetch` answers from a table of "METHOD /path" (query ignored),
 * a JSON body for 200 or a Response of its own. Anything else is a 404 problem. Returns the
 * requests made, for the test to look at.
 */
export function stubApi(routes: Record<string, Handler | Answer>) {
  const requests: Request[] = []
  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const request = new Request(new URL(String(input), 'http://localhost'), init)
    requests.push(request)
    const route = `${request.method} ${decodeURIComponent(new URL(request.url).pathname)}`
    if (!(route in routes)) {
      return problem(404, { title: 'Not Found', detail: `No stub for ${route}` })
    }
    const entry = routes[route]
    const answer = typeof entry === 'function' ? await (entry as Handler)(request) : entry
    return answer instanceof Response ? answer : Response.json(answer)
  })
  vi.stubGlobal('fetch', fetchMock)
  return requests
}

export function problem(status: number, fields: { title?: string; detail?: string; errors?: Record<string, string> } = {}) {
  return Response.json(
    { type: 'about:blank', title: fields.title ?? 'Error', status, ...fields },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  )
}

export function page<Item>(items: Item[], nextCursor: string | null = null) {
  return { items, nextCursor }
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: '1',
    username: 'alice',
    displayName: 'Alice',
    bio: null,
    location: null,
    avatarUrl: null,
    followerCount: 0,
    followingCount: 0,
    tweetCount: 0,
    celebrity: false,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  }
}

export function aTweet(overrides: Partial<Tweet> = {}): Tweet {
  return {
    id: '100',
    author: { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null },
    content: 'hello world',
    createdAt: new Date().toISOString(),
    hashtags: [],
    mentions: [],
    mediaUrls: [],
    replyTo: null,
    likeCount: 0,
    retweetCount: 0,
    replyCount: 0,
    liked: false,
    retweeted: false,
    ...overrides,
  }
}

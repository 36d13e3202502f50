import { describe, expect, it, vi } from 'vitest'

import { apiFetch, ApiError } from './api'

function stubFetch(response: () => Response) {
  const fetchMock = vi.fn<typeof fetch>(async () => response())
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

describe('apiFetch', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    const fetchMock = stubFetch(() => Response.json({ id: '1' }, { status: 201 }))

    await expect(apiFetch('/api/tweets', { method: 'POST', body: { content: 'hi' } })).resolves.toEqual({ id: '1' })

    const [path, init] = fetchMock.mock.calls[0]!
    expect(path).toBe('/api/tweets')
    expect(init).toMatchObject({ method: 'POST', credentials: 'include', body: '{"content":"hi"}' })
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json')
  })

  it('sends FormData as multipart, leaving the Content-Type with its boundary to fetch', async () => {
    const fetchMock = stubFetch(() => Response.json({ url: '/media/1.png' }, { status: 201 }))
    const form = new FormData()
    form.append('file', new Blob(['png']), 'a.png')

    await expect(apiFetch('/api/media', { method: 'POST', body: form })).resolves.toEqual({ url: '/media/1.png' })

    const [, init] = fetchMock.mock.calls[0]!
    expect(init?.body).toBe(form)
    expect(new Headers(init?.headers).has('Content-Type')).toBe(false)
  })

  it('throws an ApiError carrying the RFC 9457 problem', async () => {
    const problem = {
      type: 'https://twitter-like.dev/problems/validation',
      title: 'Invalid input',
      status: 400,
      detail: 'The tweet is not valid.',
      errors: { content: 'must not be blank' },
    }
    stubFetch(() =>
      Response.json(problem, { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
    )

    const error = await apiFetch('/api/tweets', { method: 'POST', body: { content: '' } }).catch(
      (thrown: unknown) => thrown,
    )

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ ...problem, message: 'The tweet is not valid.' })
  })

  it('falls back to the HTTP status when the error body is not a problem', async () => {
    stubFetch(() => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }))

    await expect(apiFetch('/api/trends')).rejects.toMatchObject({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
    })
  })

  it('returns the body of a non-2xx status the caller accepts', async () => {
    stubFetch(() => Response.json({ status: 'degraded' }, { status: 503 }))

    await expect(apiFetch('/health', { acceptStatuses: [503] })).resolves.toEqual({ status: 'degraded' })
  })
})

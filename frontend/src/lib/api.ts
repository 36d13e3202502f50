import { z } from '@/lib/zod'

/** An RFC 9457 problem document, as every endpoint of the gateway answers errors. */
export type Problem = {
  type: string
  title: string
  status: number
  detail?: string
  /** Field -> message, for validation errors. */
  errors?: Record<string, string>
}

const problemSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional(),
})

export class ApiError extends Error implements Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail?: string
  readonly errors?: Record<string, string>

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title)
    this.name = 'ApiError'
    this.type = problem.type
    this.title = problem.title
    this.status = problem.status
    this.detail = problem.detail
    this.errors = problem.errors
  }
}

export type RequestOptions = Omit<RequestInit, 'body'> & {
  /** Sent as JSON, or as multipart when it is FormData (uploads). */
  body?: unknown
  /** Non-2xx statuses whose body is a normal answer, e.g. 503 from /health when degraded. */
  acceptStatuses?: readonly number[]
}

/**
 * Calls the gateway with the session cookie and returns the parsed JSON body
 * (undefined when there is none). Throws ApiError for any other non-2xx answer.
 * Callers validate the returned value with their own schema.
 */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<unknown> {
  const { body, acceptStatuses = [], headers, ...init } = options
  const requestHeaders = new Headers(headers)
  if (!requestHeaders.has('Accept')) {
    requestHeaders.set('Accept', 'application/json, application/problem+json')
  }
  const multipart = body instanceof FormData
  if (body !== undefined && !multipart) {
    // FormData sets its own multipart Content-Type, with the boundary.
    requestHeaders.set('Content-Type', 'application/json')
  }

  const response = await fetch(path, {
    ...init,
    credentials: 'include',
    headers: requestHeaders,
    body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
  })

  if (!response.ok && !acceptStatuses.includes(response.status)) {
    throw await toApiError(response)
  }
  const text = await response.text()
  return text === '' ? undefined : JSON.parse(text)
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = problemSchema.safeParse(await response.json().catch(() => undefined))
  const problem = parsed.success ? parsed.data : {}
  return new ApiError({
    ...problem,
    type: problem.type ?? 'about:blank',
    title: problem.title ?? (response.statusText || `HTTP ${response.status}`),
    status: problem.status ?? response.status,
  })
}

// What the end-to-end scripts share: a JSON client of the gateway and a wait-until.
// Node 20+, no dependencies.

/**
 * A client for one base URL: call(method, path, { session, body, headers, base }) sends the
 * session cookie, a JSON body (a string as it is, FormData as multipart) and answers
 * { status, json, text, headers } (json: parsed when it parses, else the text). Redirects are
 * not followed: a test sees what the server answered.
 */
export function client(baseUrl) {
  return async function call(method, path, { session, body, headers = {}, base = baseUrl } = {}) {
    const init = { method, headers: { ...headers }, redirect: 'manual' }
    if (session) init.headers.Cookie = `session=${session}`
    if (body instanceof FormData) init.body = body
    else if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json'
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
    }
    const response = await fetch(base + path, init)
    const text = await response.text()
    let json = null
    try { json = text ? JSON.parse(text) : null } catch { json = text }
    return { status: response.status, json, text, headers: response.headers }
  }
}

/** Asks check() until it returns something truthy (which it returns), or fails after timeoutMs. */
export async function eventually(what, check, timeoutMs = 10_000, intervalMs = 100) {
  const start = Date.now()
  let last
  while (Date.now() - start < timeoutMs) {
    try {
      last = await check()
      if (last) return last
    } catch (e) { last = e }
    await new Promise(r => setTimeout(r, intervalMs))
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`)
}

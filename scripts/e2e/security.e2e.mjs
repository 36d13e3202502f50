// End-to-end checks of the security controls, through the gateway of a running suite
// (docs/security.md has the table of what proves each control). Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:8080 MANAGEMENT_URL=http://127.0.0.1:8089 node scripts/e2e/security.e2e.mjs
//
// The suite may run with RATE_LIMITS=off (scripts/e2e.sh does): nothing here depends on the
// gateway's per-address limits, which the gateway's own tests cover.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { client } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const MANAGEMENT = process.env.MANAGEMENT_URL ?? 'http://127.0.0.1:8089'
const ORIGIN = new URL(BASE).origin
const FOREIGN = 'https://evil.example'
const suffix = Math.random().toString(36).slice(2, 7)

function check(name) { console.log(`- ${name}`) }

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse', displayName: name } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, name, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

function png() {
  // the smallest valid PNG: 1x1, one grey pixel
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64')
}

function upload() {
  const form = new FormData()
  form.append('file', new Blob([png()], { type: 'image/png' }), 'pixel.png')
  return form
}

/** The local addresses (hex, as the kernel writes them) of the sockets listening on a TCP port. */
function listeners(port) {
  const found = []
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try { text = readFileSync(file, 'utf8') } catch { continue }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (!local || state !== '0A') continue // 0A: LISTEN
      const [address, hexPort] = local.split(':')
      if (parseInt(hexPort, 16) === port) found.push(address)
    }
  }
  return found
}

async function operationsStayOffThePublicPort() {
  check('operations endpoints answer on the management port only, and it listens on loopback only')
  for (const path of ['/actuator/prometheus', '/actuator/health', '/actuator/env', '/actuator/gateway/routes', '/health']) {
    const r = await call('GET', path)
    assert.equal(r.status, 404, `${path} on the public port answered ${r.status}`)
    assert.doesNotMatch(r.text, /redis|jvm_|breaker|127\.0\.0\.1/i, `${path} leaked details`)
  }
  const metrics = await call('GET', '/actuator/prometheus', { base: MANAGEMENT })
  assert.equal(metrics.status, 200)
  assert.match(metrics.text, /http_server_requests_seconds/)
  const health = await call('GET', '/health', { base: MANAGEMENT })
  assert.equal(health.status, 200)
  assert.ok(health.json.services.redis, 'the management /health names each dependency')
  const port = Number(new URL(MANAGEMENT).port)
  const listening = listeners(port)
  assert.ok(listening.length > 0, `nothing listens on ${port}`)
  const loopback = ['0100007F', '00000000000000000000000001000000', '0000000000000000FFFF00000100007F']
  for (const address of listening) assert.ok(loopback.includes(address), `the management port listens beyond loopback: ${address}`)

  check('the public /live and /ready say up or down and nothing else, and are limited per address')
  const ready = await call('GET', '/ready')
  assert.equal(ready.status, 200)
  assert.deepEqual(Object.keys(ready.json), ['status'])
  const statuses = []
  for (let i = 0; i < 60; i++) statuses.push((await call('GET', '/ready')).status)
  assert.ok(statuses.includes(429), `60 probes in a row were never limited: ${[...new Set(statuses)]}`)
  await new Promise(r => setTimeout(r, 1100))
  assert.equal((await call('GET', '/live')).status, 200)
}

async function crossSiteWritesAreRefused(alice, bob) {
  check('every unsafe route refuses a signed-in request from a foreign Origin (403, nothing done), and takes a same-origin one')
  const post = await call('POST', '/api/tweets', { session: bob.session, body: { content: `target ${suffix}` } })
  assert.equal(post.status, 201)
  const tweet = post.json.id
  const mine = await call('POST', '/api/tweets', { session: alice.session, body: { content: `mine ${suffix}` } })
  const routes = [
    ['POST', '/api/tweets', { content: `forged ${suffix}` }],
    ['DELETE', `/api/tweets/${mine.json.id}`],
    ['POST', `/api/tweets/${tweet}/like`],
    ['DELETE', `/api/tweets/${tweet}/like`],
    ['POST', `/api/tweets/${tweet}/retweet`],
    ['DELETE', `/api/tweets/${tweet}/retweet`],
    ['POST', `/api/users/${bob.id}/follow`],
    ['DELETE', `/api/users/${bob.id}/follow`],
    ['PATCH', '/api/users/me', { bio: 'forged' }],
    ['POST', '/api/notifications/read', {}],
    ['POST', '/api/media', 'upload'],
    ['POST', '/api/auth/logout'],
  ]
  for (const [method, path, body] of routes) {
    const r = await call(method, path, { session: alice.session, body: body === 'upload' ? upload() : body, headers: { Origin: FOREIGN } })
    assert.equal(r.status, 403, `${method} ${path} from a foreign origin answered ${r.status}`)
  }
  // nothing happened: no tweet, no like, no follow, profile unchanged, still signed in
  const me = await call('GET', '/api/auth/me', { session: alice.session })
  assert.equal(me.status, 200, 'the forged sign-out signed alice out')
  assert.notEqual(me.json.bio, 'forged')
  const target = await call('GET', `/api/tweets/${tweet}`, { session: alice.session })
  assert.equal(target.json.likeCount, 0)
  assert.equal(target.json.retweetCount, 0)
  assert.equal((await call('GET', `/api/tweets/${mine.json.id}`)).status, 200, 'the forged delete went through')
  assert.equal((await call('GET', `/api/users/${bob.id}`, { session: alice.session })).json.followedByMe, false)
  const own = await call('GET', `/api/timeline/user/${alice.id}`)
  assert.ok(!JSON.stringify(own.json).includes(`forged ${suffix}`), 'the forged tweet was posted')

  // the same requests from the app's own origin work
  const same = { Origin: ORIGIN }
  assert.equal((await call('POST', `/api/tweets/${tweet}/like`, { session: alice.session, headers: same })).status, 200)
  assert.equal((await call('POST', `/api/users/${bob.id}/follow`, { session: alice.session, headers: same })).status, 200)
  assert.equal((await call('POST', '/api/media', { session: alice.session, body: upload(), headers: same })).status, 201)
  assert.equal((await call('POST', '/api/tweets', { session: alice.session, body: { content: `same origin ${suffix}` }, headers: same })).status, 201)
}

async function signInIsLimitedPerAccount(carol) {
  check('sign-in: 10 attempts per username, then 429 for the right password too; other accounts unaffected')
  for (let i = 0; i < 10; i++) {
    const r = await call('POST', '/api/auth/login', { body: { username: carol.name, password: `guess ${i}` } })
    assert.equal(r.status, 401)
  }
  const refused = await call('POST', '/api/auth/login', { body: { username: carol.name, password: 'correct horse' } })
  assert.equal(refused.status, 429)
  assert.match(refused.headers.get('content-type'), /application\/problem\+json/)
  assert.ok(Number(refused.headers.get('retry-after')) > 0)
  assert.equal(refused.headers.get('set-cookie'), null)
  const other = await register(`dave_${suffix}`)
  assert.equal((await call('POST', '/api/auth/login', { body: { username: other.name, password: 'correct horse' } })).status, 200)
}

async function bodiesAreBounded(alice) {
  check('JSON bodies over 64 KB get 413 before reaching a service; uploads may be larger')
  const big = await call('POST', '/api/tweets', { session: alice.session, body: { content: 'x'.repeat(100 * 1024) } })
  assert.equal(big.status, 413)
  assert.match(big.headers.get('content-type'), /application\/problem\+json/)
}

async function headersOnEveryAnswer() {
  check('the web app and the API carry CSP, frame, referrer and permissions headers')
  for (const path of ['/', '/api/trends', '/api/no-such-thing']) {
    const r = await call('GET', path)
    const csp = r.headers.get('content-security-policy') ?? ''
    assert.match(csp, /default-src 'self'/, path)
    assert.match(csp, /frame-ancestors 'none'/, path)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path)
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path)
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path)
    assert.equal(r.headers.get('referrer-policy'), 'same-origin', path)
    assert.ok(r.headers.get('permissions-policy'), path)
  }
}

/** Opens a stream through the gateway; resolves with its status and a promise of its end. */
async function openStream(path, session) {
  const controller = new AbortController()
  const response = await fetch(BASE + path, { headers: { Cookie: `session=${session}`, Accept: 'text/event-stream' }, signal: controller.signal })
  let ended = Promise.resolve()
  if (response.ok) {
    const reader = response.body.getReader()
    ended = (async () => { try { while (!(await reader.read()).done) { /* events and heartbeats */ } } catch { /* aborted */ } })()
  } else {
    await response.text()
  }
  return { status: response.status, type: response.headers.get('content-type'), ended, close: () => controller.abort() }
}

async function streamsAreBoundedAndEndWithTheSession() {
  check('streams: 5 per user, the 6th is a 429 problem; sign-out ends them all; a reconnect with the old cookie is refused')
  const erin = await register(`erin_${suffix}`)
  const streams = []
  for (let i = 0; i < 5; i++) {
    const s = await openStream('/api/timeline/stream', erin.session)
    assert.equal(s.status, 200)
    streams.push(s)
  }
  const sixth = await openStream('/api/timeline/stream', erin.session)
  assert.equal(sixth.status, 429)
  assert.match(sixth.type, /application\/problem\+json/)
  const notifications = await openStream('/api/notifications/stream', erin.session)
  assert.equal(notifications.status, 200, 'each stream endpoint counts on its own')
  streams.push(notifications)
  const started = Date.now()
  assert.equal((await call('POST', '/api/auth/logout', { session: erin.session })).status, 204)
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('streams still open 10 s after sign-out')), 10_000))
  await Promise.race([Promise.all(streams.map(s => s.ended)), timeout])
  console.log(`    all ${streams.length} streams ended ${Date.now() - started} ms after sign-out`)
  const again = await openStream('/api/timeline/stream', erin.session)
  assert.equal(again.status, 401)
}

async function main() {
  const alice = await register(`alice_${suffix}`)
  const bob = await register(`bob_${suffix}`)
  const carol = await register(`carol_${suffix}`)
  await operationsStayOffThePublicPort()
  await headersOnEveryAnswer()
  await crossSiteWritesAreRefused(alice, bob)
  await bodiesAreBounded(alice)
  await signInIsLimitedPerAccount(carol)
  await streamsAreBoundedAndEndWithTheSession()
  console.log('security e2e: all checks passed')
}

main().catch((error) => {
  console.error(`✗ ${error.stack ?? error}`)
  process.exit(1)
})

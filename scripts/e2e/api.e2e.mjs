// End-to-end checks of the public API through the gateway, against a running suite:
// identity (sessions, forged headers, bypassing the gateway), and every tweet endpoint with a
// real session, down to fanout, notifications and trends. Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:8080 GRAPH_URL=http://127.0.0.1:8083 node scripts/e2e/api.e2e.mjs
//
// VALKEY_OUTAGE=on (scripts/e2e.sh sets it) also stops the suite's Valkey with scripts/stack.sh
// (same PORT_OFFSET and RUN_DIR) and checks that signed-in users carry on without it.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const eventually = (what, check, timeoutMs = 10_000) => waitUntil(what, check, timeoutMs, 100)
const GRAPH = process.env.GRAPH_URL ?? 'http://127.0.0.1:8083'
const suffix = Math.random().toString(36).slice(2, 8)
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse', displayName: name } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  const cookie = r.headers.get('set-cookie')
  assert.match(cookie, /HttpOnly/i)
  return { id: r.json.id, name, session: /session=([^;]+)/.exec(cookie)[1] }
}

async function main() {
  check('register two users through the gateway')
  const alice = await register(`alice_${suffix}`)
  const bob = await register(`bob_${suffix}`)
  assert.equal((await call('GET', '/api/auth/me', { session: alice.session })).json.id, alice.id)

  check('no session -> 401 problem on a write')
  const anonymous = await call('POST', '/api/tweets', { body: { content: 'anonymous' } })
  assert.equal(anonymous.status, 401)
  assert.match(anonymous.headers.get('content-type'), /application\/problem\+json/)

  check('a forged identity header is ignored')
  const forgedAnon = await call('POST', '/api/tweets', { body: { content: 'forged' }, headers: { 'X-User-Id': alice.id } })
  assert.equal(forgedAnon.status, 401)
  const forged = await call('POST', '/api/tweets', { session: bob.session, body: { content: `as bob ${suffix}` }, headers: { 'X-User-Id': alice.id, 'X-User-Signature': '1.x' } })
  assert.equal(forged.status, 201, JSON.stringify(forged.json))
  assert.equal(forged.json.author.id, bob.id)

  check('a request straight to a service cannot act as a user')
  const bypass = await call('PATCH', '/api/users/me', { base: GRAPH, body: { bio: 'pwned' }, headers: { 'X-User-Id': alice.id } })
  assert.equal(bypass.status, 401)

  check('bob follows alice')
  const followed = await call('POST', `/api/users/${alice.id}/follow`, { session: bob.session })
  assert.equal(followed.status, 200)
  assert.equal(followed.json.followedByMe, true)

  check('alice posts with a hashtag and a mention; it reaches bob\'s home timeline')
  const tag = `e2e${suffix}`
  const posted = await call('POST', '/api/tweets', { session: alice.session, body: { content: `hello #${tag} @${bob.name}` }, headers: { 'Idempotency-Key': `k-${suffix}` } })
  assert.equal(posted.status, 201, JSON.stringify(posted.json))
  const tweet = posted.json
  assert.deepEqual(tweet.hashtags, [tag])
  assert.equal(tweet.mentions[0].id, bob.id)
  const replay = await call('POST', '/api/tweets', { session: alice.session, body: { content: `hello #${tag} @${bob.name}` }, headers: { 'Idempotency-Key': `k-${suffix}` } })
  assert.equal(replay.json.id, tweet.id, 'an idempotent replay returns the first tweet')
  await eventually('the tweet in bob\'s home timeline', async () =>
    (await call('GET', '/api/timeline/home', { session: bob.session })).json.items?.some(t => t.id === tweet.id))

  check('the tweet, its hashtag page and alice\'s user timeline')
  assert.equal((await call('GET', `/api/tweets/${tweet.id}`, { session: bob.session })).json.content, tweet.content)
  assert.ok((await call('GET', `/api/hashtags/${tag}/tweets`)).json.items.some(t => t.id === tweet.id))
  assert.ok((await call('GET', `/api/timeline/user/${alice.id}`)).json.items.some(t => t.id === tweet.id))

  check('like, retweet and reply')
  const liked = await call('POST', `/api/tweets/${tweet.id}/like`, { session: bob.session })
  assert.deepEqual(liked.json, { liked: true, likeCount: 1 })
  assert.equal((await call('POST', `/api/tweets/${tweet.id}/like`, { session: bob.session })).json.likeCount, 1)
  assert.equal((await call('POST', `/api/tweets/${tweet.id}/retweet`, { session: bob.session })).json.retweeted, true)
  const reply = await call('POST', '/api/tweets', { session: bob.session, body: { content: 'nice!', replyTo: tweet.id } })
  assert.equal(reply.status, 201)
  assert.ok((await call('GET', `/api/tweets/${tweet.id}/replies`)).json.items.some(t => t.id === reply.json.id))

  check('alice is notified')
  await eventually('alice\'s unread notifications', async () =>
    (await call('GET', '/api/notifications/unread-count', { session: alice.session })).json?.count >= 2)

  check('the hashtag trends')
  await eventually('the hashtag in trends', async () =>
    (await call('GET', '/api/trends?limit=50')).json.items?.some(t => t.hashtag === tag), 20_000)

  check('only the author may delete; then it is gone everywhere')
  assert.equal((await call('DELETE', `/api/tweets/${tweet.id}`, { session: bob.session })).status, 403)
  assert.equal((await call('DELETE', `/api/tweets/${tweet.id}`, { session: alice.session })).status, 204)
  assert.equal((await call('GET', `/api/tweets/${tweet.id}`)).status, 404)
  const home = await call('GET', '/api/timeline/home', { session: bob.session })
  assert.ok(!home.json.items.some(t => t.id === tweet.id), 'deleted tweet gone from the home timeline')

  check('bad input gets problem JSON, never a 500')
  for (const [method, path, body] of [
    ['GET', '/api/tweets/abc'], ['GET', '/api/tweets/99999999999999999999'], ['GET', '/api/users/-1'],
    ['POST', '/api/tweets', '{"content":'], ['POST', '/api/tweets', { content: 'x'.repeat(281) }],
    ['GET', '/api/timeline/home?cursor=zzz'], ['GET', '/api/no/such/thing'],
  ]) {
    const r = await call(method, path, { session: alice.session, body })
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path} -> ${r.status}`)
  }

  check('a flood of bad input without a session leaves sign-in working (no 500, no open breaker)')
  const hostile = ['/api/users/lookup?username=%00', '/api/users/lookup?username=%FF', '/api/timeline/user/%00',
    '/api/trends?location=%C3%28', '/api/users/lookup?username=a%00b', '/api/hashtags/x/tweets?cursor=%FF']
  const statuses = new Map()
  for (let i = 0; i < 300; i++) {
    const path = hostile[i % hostile.length]
    const r = await call('GET', path)
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
    assert.ok(r.status >= 400 && r.status < 500, `GET ${path} -> ${r.status}`)
  }
  const signIn = await call('POST', '/api/auth/login', { body: { username: bob.name, password: 'correct horse' } })
  assert.equal(signIn.status, 200, `sign-in after the flood (${JSON.stringify([...statuses])}): ${JSON.stringify(signIn.json)}`)

  if (process.env.VALKEY_OUTAGE === 'on') await valkeyOutage(alice, bob)

  check('sign out ends the session')
  assert.equal((await call('POST', '/api/auth/logout', { session: alice.session })).status, 204)
  assert.equal((await call('GET', '/api/auth/me', { session: alice.session })).status, 401)
  console.log('API end-to-end: all checks passed')
}

const STACK = fileURLToPath(new URL('../stack.sh', import.meta.url))
function stack(...args) { execFileSync(STACK, args, { stdio: ['ignore', 'ignore', 'inherit'] }) }

// Valkey stopped: sessions come from graph-service's record, home timelines from PostgreSQL,
// idempotency keys live in PostgreSQL; sign-out still ends a session, also once Valkey is back
// with its old data (the queued eviction).
async function valkeyOutage(alice, bob) {
  const carol = await register(`carol_${suffix}`)
  const leaving = await register(`dan_${suffix}`)
  check('Valkey down: signed-in users read, post (once per key), like, follow; sign-in and sign-out work')
  stack('down', 'redis')
  try {
    assert.equal((await call('GET', '/api/auth/me', { session: alice.session })).json?.id, alice.id)
    assert.equal((await call('GET', '/api/timeline/home', { session: bob.session })).status, 200)
    const key = `outage-${suffix}`
    const body = { content: `posted while Valkey is down ${suffix}` }
    const first = await call('POST', '/api/tweets', { session: alice.session, body, headers: { 'Idempotency-Key': key } })
    assert.equal(first.status, 201, JSON.stringify(first.json))
    const again = await call('POST', '/api/tweets', { session: alice.session, body, headers: { 'Idempotency-Key': key } })
    assert.equal(again.json.id, first.json.id, 'a retry with the same key is the same tweet, Valkey or not')
    assert.equal(again.headers.get('idempotent-replayed'), 'true')
    await eventually('the tweet in bob\'s home timeline (from PostgreSQL)', async () =>
      (await call('GET', '/api/timeline/home', { session: bob.session })).json.items?.some(t => t.id === first.json.id))
    assert.equal((await call('POST', `/api/tweets/${first.json.id}/like`, { session: bob.session })).json?.likeCount, 1)
    assert.equal((await call('POST', `/api/users/${carol.id}/follow`, { session: alice.session })).json?.followedByMe, true)
    const signIn = await call('POST', '/api/auth/login', { body: { username: carol.name, password: 'correct horse' } })
    assert.equal(signIn.status, 200, JSON.stringify(signIn.json))
    carol.session = /session=([^;]+)/.exec(signIn.headers.get('set-cookie'))[1]
    assert.equal((await call('GET', '/api/auth/me', { session: carol.session })).json?.id, carol.id)
    assert.equal((await call('GET', '/api/auth/me', { session: leaving.session })).json?.id, leaving.id)
    assert.equal((await call('POST', '/api/auth/logout', { session: leaving.session })).status, 204)
    // the gateway trusts what graph-service told it for up to 10 s
    await eventually('the signed-out session refused', async () =>
      (await call('GET', '/api/auth/me', { session: leaving.session })).status === 401, 15_000)
  } finally {
    stack('up', 'redis')
  }
  check('Valkey back: the session made during the outage works, the one ended during it stays ended')
  const until = Date.now() + 6_000
  while (Date.now() < until) {
    assert.equal((await call('GET', '/api/auth/me', { session: leaving.session })).status, 401, 'signed out during the outage')
    await new Promise(r => setTimeout(r, 200))
  }
  assert.equal((await call('GET', '/api/auth/me', { session: carol.session })).json?.id, carol.id)
  assert.equal((await call('GET', '/api/auth/me', { session: alice.session })).json?.id, alice.id)
}

main().catch(e => {
  console.error(`API end-to-end FAILED at "${step}": ${e.stack ?? e}`)
  process.exit(1)
})

// End-to-end checks of blue-green and canary rollouts (scripts/deploy.sh, docs/operations.md)
// against a running suite: under a steady read and write load through the gateway (home
// timelines, tweets read, posts with and without an Idempotency-Key, likes), a deploy of
// timeline-service and one of tweet-service (a canary at 20 %, then finished) fail no request;
// the canary's instance answers about a fifth of the reads (counted in each instance's own
// metrics); a canary rolled back leaves the instances as they were. Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:9080 PORT_OFFSET=1000 RUN_DIR=target/e2e-run node scripts/e2e/deploy.e2e.mjs
//
// PORT_OFFSET and RUN_DIR are the suite's (scripts/e2e.sh exports them), for the scripts.
import assert from 'node:assert/strict'
import { spawn, execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { client } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const suffix = Math.random().toString(36).slice(2, 8)
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

async function ok(method, path, options) {
  const r = await call(method, path, options)
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse', displayName: name } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, name, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

/** scripts/deploy.sh's run, while the event loop (the load) goes on; resolves with its output. */
function deploy(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPTS + 'deploy.sh', args, { env: process.env })
    let out = ''
    child.stdout.on('data', d => { out += d })
    child.stderr.on('data', d => { out += d })
    const timer = setTimeout(() => child.kill('SIGTERM'), 300_000)
    child.on('close', status => {
      clearTimeout(timer)
      process.stdout.write(out.replace(/^/gm, '    | '))
      status === 0 ? resolve(out) : reject(new Error(`deploy.sh ${args.join(' ')} exited ${status}`))
    })
  })
}

/** The suite's instances of a module: [{ name, port }] (scripts/run.sh instances). */
function instances(module) {
  return execFileSync(SCRIPTS + 'run.sh', ['instances', module], { encoding: 'utf8', env: process.env })
    .trim().split('\n').map(line => { const [name, port] = line.split(' '); return { name, port: Number(port) } })
}

/** How many requests for a URI pattern one instance has answered (its own http_server_requests). */
async function served(port, uri) {
  const text = await (await fetch(`http://127.0.0.1:${port}/actuator/prometheus`)).text()
  let total = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('http_server_requests_seconds_count{') && uri.test(line)) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1))
    }
  }
  return total
}

/**
 * A steady mixed load through the gateway until stop() (4 clients, one request at a time each, as
 * browsers do): every answer is recorded, and stop() resolves with them.
 */
function load(users, tweetIds) {
  let running = true
  const results = []
  const [reader, writer] = users
  const actions = [
    () => call('GET', '/api/timeline/home?limit=20', { session: reader.session }),
    () => call('GET', `/api/tweets/${tweetIds[results.length % tweetIds.length]}`, { session: reader.session }),
    () => call('POST', '/api/tweets', { session: writer.session, body: { content: `load ${results.length}` } }),
    () => call('POST', '/api/tweets', { session: writer.session, body: { content: `keyed ${results.length}` },
      headers: { 'Idempotency-Key': `${suffix}-${results.length}-${Math.random()}` } }),
    () => call('POST', `/api/tweets/${tweetIds[0]}/like`, { session: reader.session }),
    () => call('GET', `/api/timeline/user/${writer.id}?limit=5`),
  ]
  const clients = [0, 1, 2, 3].map(async n => {
    let i = n
    while (running) {
      const action = i++ % actions.length
      const started = Date.now()
      try {
        const r = await actions[action]()
        results.push({ action, status: r.status, ms: Date.now() - started, detail: r.status >= 300 ? r.text.slice(0, 200) : '' })
      } catch (e) {
        results.push({ action, status: 0, ms: Date.now() - started, detail: e.message })
      }
    }
  })
  return async () => {
    running = false
    await Promise.all(clients)
    return results
  }
}

function assertNoneFailed(results, what) {
  const failed = results.filter(r => r.status < 200 || r.status >= 300)
  console.log(`    ${results.length} requests during ${what}, ${failed.length} failed, slowest ${Math.max(...results.map(r => r.ms))} ms`)
  assert.ok(results.length >= 50, `only ${results.length} requests ran during ${what}`)
  assert.deepEqual(failed.slice(0, 5), [], `requests failed during ${what}`)
}

async function main() {
  const started = Date.now()
  check('users, a follow and tweets to read')
  const [reader, writer] = [await register(`dep_r${suffix}`), await register(`dep_w${suffix}`)]
  await ok('POST', `/api/users/${writer.id}/follow`, { session: reader.session })
  const tweetIds = []
  for (let i = 0; i < 3; i++) tweetIds.push((await ok('POST', '/api/tweets', { session: writer.session, body: { content: `to read ${i}` } })).id)

  check('blue-green deploy of timeline-service under load: no request fails')
  const timelineBefore = instances('timeline-service')
  let stop = load([reader, writer], tweetIds)
  await new Promise(r => setTimeout(r, 1000))
  const out = await deploy(['timeline-service'])
  await new Promise(r => setTimeout(r, 1000))
  assertNoneFailed(await stop(), 'the timeline-service deploy')
  assert.match(out, /Deployed timeline-service in \d+ s/)
  const timelineAfter = instances('timeline-service')
  assert.equal(timelineAfter.length, timelineBefore.length)
  for (const i of timelineAfter) assert.ok(!timelineBefore.some(b => b.port === i.port), `${i.name} is a new instance`)
  for (const b of timelineBefore) {
    await assert.rejects(fetch(`http://127.0.0.1:${b.port}/ready`), `the old instance on ${b.port} is stopped`)
  }

  check('canary of tweet-service at 20 % under load: it answers about a fifth of the reads')
  const tweetBefore = instances('tweet-service')
  stop = load([reader, writer], tweetIds)
  await deploy(['tweet-service', '--canary', '20'])
  assertNoneFailed(await stop(), 'the tweet-service canary start')
  const canary = instances('tweet-service').filter(i => !tweetBefore.some(b => b.port === i.port))
  assert.equal(canary.length, tweetBefore.length, 'as many canary instances as old ones')
  const uri = /uri="\/api\/tweets\/\{id(:[^"]*)?\}"/ // GET /api/tweets/{id}, whatever its pattern's regex
  const count = async list => (await Promise.all(list.map(i => served(i.port, uri)))).reduce((a, b) => a + b, 0)
  const [oldBefore, newBefore] = [await count(tweetBefore), await count(canary)]
  for (let i = 0; i < 200; i++) await ok('GET', `/api/tweets/${tweetIds[i % tweetIds.length]}`)
  const [oldServed, newServed] = [(await count(tweetBefore)) - oldBefore, (await count(canary)) - newBefore]
  const share = newServed / (oldServed + newServed)
  console.log(`    of 200 reads: ${newServed} to the canary, ${oldServed} to the old instance(s) (${(share * 100).toFixed(1)} %)`)
  assert.equal(oldServed + newServed, 200)
  assert.ok(share >= 0.15 && share <= 0.25, `the canary's share is ${share}`)

  check('the canary finished under load: every request to the new instances, no request fails')
  stop = load([reader, writer], tweetIds)
  const finished = await deploy(['tweet-service'])
  assertNoneFailed(await stop(), 'the tweet-service finish')
  assert.match(finished, /Deployed tweet-service/)
  assert.deepEqual(instances('tweet-service').map(i => i.port).sort(), canary.map(i => i.port).sort())
  const newOnly = await count(canary)
  for (let i = 0; i < 20; i++) await ok('GET', `/api/tweets/${tweetIds[i % tweetIds.length]}`)
  assert.equal((await count(canary)) - newOnly, 20, 'every read goes to the new instances')

  check('a canary of timeline-service rolled back under load: the instances are as before, no request fails')
  stop = load([reader, writer], tweetIds)
  await deploy(['timeline-service', '--canary', '20'])
  assert.equal(instances('timeline-service').length, timelineAfter.length * 2)
  await deploy(['timeline-service', '--rollback'])
  assertNoneFailed(await stop(), 'the timeline-service canary and its rollback')
  assert.deepEqual(instances('timeline-service'), timelineAfter)

  check('deploy.sh refuses what it cannot do')
  for (const [args, message] of [
    [['no-such-service'], /no service named/],
    [['tweet-service', '--canary', '120'], /percentage from 1 to 99/],
    [['tweet-service', '--rollback'], /no canary of tweet-service in progress/],
    [['fanout-worker', '--canary', '10'], /no share to give a canary/],
  ]) {
    const r = await new Promise(resolve => {
      const child = spawn(SCRIPTS + 'deploy.sh', args, { env: process.env })
      let err = ''
      child.stderr.on('data', d => { err += d })
      child.on('close', status => resolve({ status, err }))
    })
    assert.notEqual(r.status, 0)
    assert.match(r.err, message, args.join(' '))
  }
  console.log(`deploy end-to-end checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch(e => {
  console.error(`FAILED at "${step}": ${e.stack ?? e}`)
  process.exit(1)
})

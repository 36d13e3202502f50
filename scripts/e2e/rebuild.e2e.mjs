// End-to-end checks of the rebuild operations (docs/operations.md), against a running suite:
// follows and tweets through the gateway, then Valkey loses the home timelines, recent lists
// and trend buckets, and scripts/rebuild-timelines.sh and scripts/rebuild-trends.sh bring back
// the same home timelines and trends. Node 20+, no dependencies: Valkey is spoken to with a
// tiny RESP client (user twitter, the password from $RUN_DIR/secrets/valkey); on a Valkey
// Cluster (CLUSTER=on, scripts/run.sh --cluster) it scans every master and follows MOVED.
//
//   BASE_URL=http://127.0.0.1:9080 PORT_OFFSET=1000 RUN_DIR=target/e2e-run node scripts/e2e/rebuild.e2e.mjs
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const eventually = (what, check, timeoutMs = 15_000) => waitUntil(what, check, timeoutMs, 100)
const PORT_OFFSET = Number(process.env.PORT_OFFSET ?? 0)
const RUN_DIR = process.env.RUN_DIR ?? path.resolve(fileURLToPath(new URL('../../.run', import.meta.url)))
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const suffix = Math.random().toString(36).slice(2, 8)
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

/** A minimal RESP2 client: one connection, one command at a time. */
class Valkey {
  static async connect(port, user, password) {
    const v = new Valkey()
    v.socket = net.createConnection({ host: '127.0.0.1', port })
    v.buffer = Buffer.alloc(0)
    v.waiting = []
    v.socket.on('data', chunk => { v.buffer = Buffer.concat([v.buffer, chunk]); v.drain() })
    v.socket.on('error', e => v.waiting.splice(0).forEach(w => w.reject(e)))
    await new Promise((resolve, reject) => { v.socket.once('connect', resolve); v.socket.once('error', reject) })
    assert.equal(await v.send('AUTH', user, password), 'OK')
    return v
  }

  send(...args) {
    const parts = [`*${args.length}\r\n`]
    for (const a of args) parts.push(`$${Buffer.byteLength(String(a))}\r\n${a}\r\n`)
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.socket.write(parts.join(''))
    })
  }

  drain() {
    while (this.waiting.length) {
      const parsed = parse(this.buffer, 0)
      if (!parsed) return
      this.buffer = this.buffer.subarray(parsed.end)
      const w = this.waiting.shift()
      parsed.value instanceof Error ? w.reject(parsed.value) : w.resolve(parsed.value)
    }
  }

  /** Every key matching the pattern (SCAN, never KEYS). */
  async scan(pattern) {
    const keys = []
    let cursor = '0'
    do {
      const [next, batch] = await this.send('SCAN', cursor, 'MATCH', pattern, 'COUNT', 1000)
      cursor = next
      keys.push(...batch)
    } while (cursor !== '0')
    return keys
  }

  close() { this.socket.end() }
}

/**
 * The same three calls on a Valkey Cluster: a key's command goes to the node the first one
 * names in its MOVED answer (one hop: the test needs no slot map), SCAN runs on every master,
 * and a multi-key UNLINK becomes one per key (a cluster refuses keys of several slots in one).
 */
class ValkeyCluster {
  static async connect(port, user, password) {
    const c = new ValkeyCluster()
    c.user = user
    c.password = password
    c.nodes = new Map([[port, await Valkey.connect(port, user, password)]])
    const masters = String(await c.nodes.get(port).send('CLUSTER', 'NODES')).split('\n')
      .map(line => line.split(' ')).filter(f => f.length > 2 && f[2].includes('master') && !f[2].includes('fail'))
      .map(f => Number(f[1].split('@')[0].split(':')[1]))
    assert.ok(masters.length >= 3, `masters of the cluster: ${masters}`)
    c.masters = masters
    for (const m of masters) await c.node(m)
    return c
  }

  async node(port) {
    if (!this.nodes.has(port)) this.nodes.set(port, await Valkey.connect(port, this.user, this.password))
    return this.nodes.get(port)
  }

  async send(command, ...args) {
    if (command === 'UNLINK' && args.length > 1) {
      let n = 0
      for (const key of args) n += await this.send('UNLINK', key)
      return n
    }
    try {
      return await this.nodes.get(this.masters[0]).send(command, ...args)
    } catch (e) {
      const moved = /^MOVED \d+ [^:]+:(\d+)/.exec(e.message)
      if (!moved) throw e
      return (await this.node(Number(moved[1]))).send(command, ...args)
    }
  }

  async scan(pattern) {
    const keys = []
    for (const m of this.masters) keys.push(...await (await this.node(m)).scan(pattern))
    return keys
  }

  close() { for (const n of this.nodes.values()) n.close() }
}

/** One RESP value from buf at offset, or null while incomplete. */
function parse(buf, at) {
  const eol = buf.indexOf('\r\n', at)
  if (eol < 0) return null
  const type = String.fromCharCode(buf[at])
  const line = buf.toString('utf8', at + 1, eol)
  const end = eol + 2
  if (type === '+') return { value: line, end }
  if (type === '-') return { value: new Error(line), end }
  if (type === ':') return { value: Number(line), end }
  if (type === '$') {
    const n = Number(line)
    if (n < 0) return { value: null, end }
    if (buf.length < end + n + 2) return null
    return { value: buf.toString('utf8', end, end + n), end: end + n + 2 }
  }
  if (type === '*') {
    const n = Number(line)
    if (n < 0) return { value: null, end }
    const items = []
    let pos = end
    for (let i = 0; i < n; i++) {
      const item = parse(buf, pos)
      if (!item) return null
      items.push(item.value)
      pos = item.end
    }
    return { value: items, end: pos }
  }
  throw new Error(`unexpected RESP type ${type}`)
}

function script(name, ...args) {
  const r = spawnSync(path.join(SCRIPTS, name), args, { encoding: 'utf8', env: { ...process.env, PORT_OFFSET: String(PORT_OFFSET), RUN_DIR } })
  if (r.stdout.trim()) console.log(r.stdout.trimEnd().replace(/^/gm, '    '))
  return r
}

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse', displayName: name } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, name, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

async function home(user) {
  const r = await call('GET', '/api/timeline/home?limit=50', { session: user.session })
  assert.equal(r.status, 200, JSON.stringify(r.json))
  return r.json.items.map(t => `${t.id}${t.retweetedBy ? ` retweeted by ${t.retweetedBy.id}` : ''}`)
}

async function trends(tags) {
  const r = await call('GET', '/api/trends?limit=50')
  assert.equal(r.status, 200, JSON.stringify(r.json))
  return r.json.items.filter(t => tags.includes(t.hashtag)).map(t => ({ hashtag: t.hashtag, tweetCount: t.tweetCount, uniqueAuthors: t.uniqueAuthors }))
}

async function main() {
  check('three users follow each other and post through the gateway')
  const ann = await register(`ann_${suffix}`)
  const ben = await register(`ben_${suffix}`)
  const cat = await register(`cat_${suffix}`)
  for (const [who, whom] of [[ben, ann], [cat, ann], [cat, ben], [ann, cat]]) {
    assert.equal((await call('POST', `/api/users/${whom.id}/follow`, { session: who.session })).status, 200)
  }
  const big = `rb${suffix}big`
  const small = `rb${suffix}small`
  const posted = []
  for (const [who, content] of [[ann, `first #${big}`], [ben, `second #${big} #${small}`], [cat, `third #${big}`], [ann, `fourth #${small}`]]) {
    const r = await call('POST', '/api/tweets', { session: who.session, body: { content } })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    posted.push(r.json.id)
  }
  assert.equal((await call('POST', `/api/tweets/${posted[1]}/retweet`, { session: cat.session })).json?.retweeted, true)

  check('home timelines and trends as the fanout and the counting made them')
  // shown: a tweet and a retweet of it show once; cached: cat's list holds both entries
  const shown = { [ann.name]: 4, [ben.name]: 3, [cat.name]: 4 }
  const cached = { [ann.name]: 4, [ben.name]: 3, [cat.name]: 5 }
  for (const user of [ann, ben, cat]) {
    await eventually(`${user.name}'s home timeline`, async () => (await home(user)).length === shown[user.name])
  }
  const tags = [big, small]
  // up to a minute more: when the API checks' Valkey outage (just before) failed three refreshes,
  // trend-service's breaker stays open the design's 60 s and serves the last list, stale, meanwhile
  await eventually('the hashtags in trends', async () => {
    const t = await trends(tags)
    return t.length === 2 && t[0].hashtag === big && t[0].tweetCount === 3 && t[1].tweetCount === 2
  }, 90_000)
  const before = {}
  for (const user of [ann, ben, cat]) before[user.name] = await home(user)
  const trendsBefore = await trends(tags)
  console.log(`    ${cat.name}: ${before[cat.name].length} entries; trends: ${JSON.stringify(trendsBefore)}`)

  check('the operations endpoints are not routed by the gateway')
  for (const p of [`/internal/ops/timelines/rebuild?user=${ann.id}`, '/internal/ops/timelines/rebuild-batch', '/internal/ops/trends/rebuild']) {
    const r = await call('POST', p, { session: ann.session })
    assert.ok(r.status === 404 || r.status === 405, `POST ${p} through the gateway -> ${r.status} ${JSON.stringify(r.json)}`)
    assert.ok(!(r.json && typeof r.json === 'object' && ('timelineEntries' in r.json || 'tweets' in r.json)), 'no rebuild answer')
  }

  check('Valkey loses every home timeline, recent list and trend bucket (the rebuild marker stays)')
  const valkey = await (process.env.CLUSTER === 'on' ? ValkeyCluster : Valkey)
    .connect(16379 + PORT_OFFSET, 'twitter', readFileSync(path.join(RUN_DIR, 'secrets', 'valkey'), 'utf8').trim())
  try {
    const lost = [...await valkey.scan('timeline:*'), ...await valkey.scan('recent:*'),
      ...(await valkey.scan('{trends}:*')).filter(k => k !== '{trends}:rebuilt')]
    assert.ok(lost.length > 0)
    for (let i = 0; i < lost.length; i += 500) await valkey.send('UNLINK', ...lost.slice(i, i + 500))
    for (const user of [ann, ben, cat]) {
      assert.equal(await valkey.send('EXISTS', `timeline:{${user.id}}`, `recent:{${user.id}}`), 0)
    }
    // nothing rebuilds the buckets by itself while the marker stays: the next refresh drops the tags
    await eventually('the hashtags gone from trends', async () => (await trends(tags)).length === 0, 20_000)

    check('bad input: a clear message and a non-zero exit')
    for (const [args, message] of [[[`nobody_${suffix}`], /does not exist/], [['not a user!'], /neither a user id/],
      [['--all', '--rate', 'fast'], /--rate takes/], [[], /name a user/]]) {
      const r = script('rebuild-timelines.sh', ...args)
      assert.notEqual(r.status, 0, `rebuild-timelines.sh ${args.join(' ')} exited 0`)
      assert.match(r.stderr, message, `rebuild-timelines.sh ${args.join(' ')}: ${r.stderr}`)
    }
    assert.notEqual(script('rebuild-trends.sh', 'extra').status, 0)

    check('scripts/rebuild-timelines.sh USER (by username, by id) and --all; scripts/rebuild-trends.sh')
    for (const args of [[ann.name], [ben.id], ['--all', '--rate', '100/s']]) {
      const r = script('rebuild-timelines.sh', ...args)
      assert.equal(r.status, 0, `rebuild-timelines.sh ${args.join(' ')}: ${r.stderr}`)
    }
    const trendsRun = script('rebuild-trends.sh')
    assert.equal(trendsRun.status, 0, trendsRun.stderr)

    check('the lists are back in Valkey before anyone reads them')
    for (const user of [ann, ben, cat]) {
      assert.equal(await valkey.send('EXISTS', `timeline:{${user.id}}`, `recent:{${user.id}}`), 2, `${user.name}'s lists`)
      assert.equal(await valkey.send('LLEN', `timeline:{${user.id}}`), cached[user.name] + 1, `${user.name}'s timeline and its sentinel`)
    }
  } finally {
    valkey.close()
  }

  check('home timelines and trends equal to before')
  for (const user of [ann, ben, cat]) assert.deepEqual(await home(user), before[user.name], `${user.name}'s home timeline`)
  // the script had the top lists recomputed: the very next read has them
  assert.deepEqual(await trends(tags), trendsBefore)
  console.log('Rebuild end-to-end: all checks passed')
}

main().catch(e => {
  console.error(`Rebuild end-to-end FAILED at "${step}": ${e.stack ?? e}`)
  process.exit(1)
})

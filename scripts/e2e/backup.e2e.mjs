// End-to-end check of the backup and restore runbook (docs/operations.md, "Backup and
// restore") against a running suite: tweets, a follow and a like through the gateway, then
// scripts/backup.sh; scripts/restore.sh --verify finds every table's row count equal; the
// database is wiped (PostgreSQL stopped, its data directory deleted, a fresh empty cluster
// started) and the tweets can no longer be read; scripts/restore.sh brings the backup back
// into the suite, and the same tweets, follows and likes are read through the gateway with the
// session signed in before the backup. Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:9080 PORT_OFFSET=1000 RUN_DIR=target/e2e-run node scripts/e2e/backup.e2e.mjs
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const eventually = (what, check, timeoutMs = 60_000) => waitUntil(what, check, timeoutMs, 200)
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const RUN_DIR = process.env.RUN_DIR ?? path.resolve(SCRIPTS, '../.run')
const suffix = Math.random().toString(36).slice(2, 7)

const started = Date.now()
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

function run(script, ...args) {
  const out = runQuiet(script, ...args)
  if (out.trim()) console.log(out.trimEnd().replace(/^/gm, '    '))
  return out
}

function runQuiet(script, ...args) {
  const t0 = Date.now()
  const r = spawnSync(path.join(SCRIPTS, script), args, { encoding: 'utf8', env: process.env, timeout: 180_000 })
  const out = r.stdout ?? ''
  assert.equal(r.status, 0, `${script} ${args.join(' ')} exited ${r.status} after ${Date.now() - t0} ms:\n${out}\n${r.stderr}`)
  return out
}

/** scripts/lag.sh's rows: {group, topic, partition, committed, end, lag, members}. */
function lagRows(out) {
  const lines = out.trim().split('\n')
  assert.match(lines[0], /^GROUP\s+TOPIC\s+PART\s+COMMITTED\s+END\s+LAG\s+MEMBERS$/, 'lag.sh header')
  return lines.slice(1).map(line => {
    const [group, topic, partition, committed, end, lag, members] = line.trim().split(/\s+/)
    return { group, topic, partition: Number(partition), committed, end: Number(end), lag, members: Number(members) }
  })
}

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse' } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

/** What the API shows of the data: the tweets with their likes, whom ben follows, ann's posts. */
async function snapshot(ann, ben, tweets) {
  const read = []
  for (const id of tweets) {
    const t = await call('GET', `/api/tweets/${id}`, { session: ben.session })
    read.push(t.status === 200 ? { content: t.json.content, likeCount: t.json.likeCount, likedByMe: t.json.likedByMe } : t.status)
  }
  const following = await call('GET', `/api/users/${ben.id}/following`, { session: ben.session })
  const posts = await call('GET', `/api/timeline/user/${ann.id}`, { session: ben.session })
  return {
    tweets: read,
    following: following.status === 200 ? following.json.items.map(u => u.id) : following.status,
    posts: posts.status === 200 ? posts.json.items.map(p => p.id) : posts.status,
  }
}

async function main() {
  check('data written through the gateway')
  const ann = await register(`bk_ann_${suffix}`)
  const ben = await register(`bk_ben_${suffix}`)
  assert.equal((await call('POST', `/api/users/${ann.id}/follow`, { session: ben.session })).status, 200)
  const tweets = []
  for (const content of [`kept by the backup #bk${suffix}`, `and this one too, @bk_ben_${suffix}`]) {
    const posted = await call('POST', '/api/tweets', { session: ann.session, body: { content } })
    assert.equal(posted.status, 201, JSON.stringify(posted.json))
    tweets.push(posted.json.id)
  }
  assert.equal((await call('POST', `/api/tweets/${tweets[0]}/like`, { session: ben.session })).status, 200)
  const before = await eventually('the like counted and both posts listed', async () => {
    const s = await snapshot(ann, ben, tweets)
    return s.tweets[0].likeCount === 1 && s.posts.length === 2 ? s : null
  })
  assert.deepEqual(before.following, [ann.id])

  // The backup is compared with the live source, so nothing may still be in flight when it is
  // taken: the outbox has published ann's tweets (ben has the mention) and every consumer group
  // has processed everything published (trend-service counts the hashtag a moment later).
  check('the suite is quiet: the events published and every consumer group caught up')
  await eventually('ben to have the mention', async () => {
    const n = await call('GET', '/api/notifications?grouped=false&limit=20', { session: ben.session })
    return n.status === 200 && n.json.items.some(i => i.type === 'mention')
  })
  // groups with live members: an instance stopped by an earlier deploy leaves its own live-stream
  // group behind (timeline-service's per-instance group), which nobody consumes any more
  await eventually('every consumer group with live members to have no lag', () => {
    const rows = lagRows(runQuiet('lag.sh')).filter(r => r.members > 0)
    return rows.length > 0 && rows.every(r => r.lag === '0' || (r.lag === '-' && r.end === 0))
  })

  check('scripts/backup.sh')
  const made = run('backup.sh')
  const file = /^backup: (\S+\.tar\.gz), /m.exec(made)?.[1]
  assert.ok(file && existsSync(file), `backup.sh named no file that exists:\n${made}`)
  assert.match(made, /in \d+\.\d s$/m)

  check('scripts/restore.sh FILE --verify: every table has the row count of the source')
  const verified = run('restore.sh', file, '--verify')
  assert.match(verified, /^verify: \d+ tables, every row count equal$/m)
  for (const table of ['graph.users', 'graph.follows', 'tweets.tweets', 'tweets.likes']) {
    assert.match(verified, new RegExp(`^\\s+${table.replace('.', '\\.')}\\s+(\\d+)\\s+\\1$`, 'm'), `${table} in the verify report`)
  }

  check('the database is wiped: its data directory deleted, an empty cluster started')
  run('stack.sh', 'down', 'postgres')
  rmSync(path.join(RUN_DIR, 'data', 'postgres'), { recursive: true, force: true })
  // with a standby (scripts/run.sh --pg-replica) the database is both nodes: it goes too, and is cloned from the empty one
  rmSync(path.join(RUN_DIR, 'data', 'postgres-2'), { recursive: true, force: true })
  run('stack.sh', 'up', 'postgres')
  // what only PostgreSQL answers: ben's follows. The tweets themselves may still be served: warm
  // copies in Valkey keep a tweet readable while PostgreSQL is gone (docs/failure-handling.md),
  // until restore.sh empties Valkey
  const wiped = await eventually('ben\'s follows to be unreadable', async () => {
    const s = await snapshot(ann, ben, tweets)
    return typeof s.following === 'number' ? s : null
  }, 20_000)
  assert.notDeepEqual(wiped, before)

  check('scripts/restore.sh FILE: the backup back into the suite')
  const restored = run('restore.sh', file)
  assert.match(restored, /^restore: \S+ restored into the suite in \d+ s/m)
  assert.match(restored, /^Valkey emptied/m)

  check('the same tweets, follows and likes through the gateway, with the session signed in before')
  const after = await eventually('the restored data to be served', async () => {
    const s = await snapshot(ann, ben, tweets)
    return JSON.stringify(s) === JSON.stringify(before) ? s : null
  })
  assert.deepEqual(after, before)
  const feed = await call('GET', '/api/timeline/home?limit=20', { session: ben.session })
  assert.equal(feed.status, 200)
  assert.deepEqual(feed.json.items.map(t => t.id).filter(id => tweets.includes(id)).sort(), [...tweets].sort(),
    'ben\'s home timeline, rebuilt from the restored database, has ann\'s tweets')
  console.log(`backup and restore end-to-end checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch(e => {
  console.error(`FAILED at: ${step}`)
  console.error(e)
  process.exit(1)
})

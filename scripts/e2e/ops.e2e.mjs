// End-to-end checks of the operations runbooks (docs/operations.md) against a running suite:
// activity through the gateway, then scripts/replay.sh moves the notification-service,
// fanout-worker and trend-service groups back an hour (stopping and restarting their
// instances), and nothing may come out twice: the same notifications and unread count, the
// same home timelines, the same trend counts. scripts/lag.sh and scripts/dlt.sh are read too.
// Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:9080 PORT_OFFSET=1000 RUN_DIR=target/e2e-run node scripts/e2e/ops.e2e.mjs
//
// PORT_OFFSET and RUN_DIR are the suite's (scripts/e2e.sh exports them), for the scripts.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const eventually = (what, check, timeoutMs = 20_000) => waitUntil(what, check, timeoutMs, 200)
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const suffix = Math.random().toString(36).slice(2, 8)
const GROUPS = ['notifications', 'fanout-tweets', 'fanout-follows', 'trend-tweets']
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

async function ok(method, path, options) {
  const r = await call(method, path, options)
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json
}

/** A script's run: status, stdout, stderr (never throws). */
function run(script, args) {
  const r = spawnSync(SCRIPTS + script, args, { encoding: 'utf8', env: process.env, timeout: 180_000 })
  return { status: r.status, out: r.stdout ?? '', err: r.stderr ?? '' }
}

function mustRun(script, args) {
  const r = run(script, args)
  assert.equal(r.status, 0, `${script} ${args.join(' ')} exited ${r.status}:\n${r.out}\n${r.err}`)
  return r.out
}

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse', displayName: name } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, name, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
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

/** Everything one user sees that a replay could duplicate. */
async function snapshot(users, tags) {
  const state = { notifications: {}, unread: {}, home: {}, trends: {} }
  for (const u of users) {
    const list = await ok('GET', '/api/notifications?grouped=false&limit=100', { session: u.session })
    state.notifications[u.name] = list.items.map(n => `${n.id}:${n.type}`)
    state.unread[u.name] = (await ok('GET', '/api/notifications/unread-count', { session: u.session })).count
    state.home[u.name] = (await ok('GET', '/api/timeline/home?limit=100', { session: u.session })).items.map(t => t.id)
  }
  const trends = await ok('GET', '/api/trends?limit=50')
  for (const tag of tags) {
    const t = trends.items.find(item => item.hashtag === tag)
    state.trends[tag] = t ? { tweetCount: t.tweetCount, uniqueAuthors: t.uniqueAuthors } : null
  }
  state.trendsUpdatedAt = trends.updatedAt
  return state
}

async function main() {
  const started = Date.now()

  check('bad input to the runbooks: a clear message and a non-zero exit')
  for (const [script, args, message] of [
    ['replay.sh', ['no-such-group', '--from', '1h'], /unknown consumer group or service/],
    ['replay.sh', ['notifications', '--from', 'yesterday'], /--from takes a time/],
    ['replay.sh', ['notifications'], /missing --from/],
    ['replay.sh', ['notifications', '--from', '1h', '--bogus'], /unknown argument/],
    ['dlt.sh', ['purge'], /unknown command/],
    ['dlt.sh', ['list', 'no.such.topic'], /no topic/],
    ['dlt.sh', ['redrive'], /usage/],
    ['lag.sh', ['--all'], /unknown option/],
    ['lag.sh', ['no-such-group'], /no consumer group 'no-such-group'/],
  ]) {
    const r = run(script, args)
    assert.notEqual(r.status, 0, `${script} ${args.join(' ')} should fail`)
    assert.match(r.err, message, `${script} ${args.join(' ')}: ${r.err}`)
  }

  check('the ops tool refuses to move a group with live members')
  const live = spawnSync('bash', ['-c', `source "${SCRIPTS}lib.sh"; kafka_ops replay --group notifications --from 1h`], { encoding: 'utf8', env: process.env })
  assert.equal(live.status, 2, live.stdout + live.stderr)
  assert.match(live.stderr, /live member/)

  check('activity through the gateway: follows, tweets with hashtags and mentions, likes, an unlike')
  const [alice, bob, carol] = [await register(`ops_a${suffix}`), await register(`ops_b${suffix}`), await register(`ops_c${suffix}`)]
  const users = [alice, bob, carol]
  await ok('POST', `/api/users/${alice.id}/follow`, { session: bob.session })
  await ok('POST', `/api/users/${alice.id}/follow`, { session: carol.session })
  await ok('POST', `/api/users/${bob.id}/follow`, { session: alice.session })
  const tags = [`ops${suffix}`, `replay${suffix}`]
  const tweets = []
  tweets.push(await ok('POST', '/api/tweets', { session: alice.session, body: { content: `first #${tags[0]} @${bob.name}` } }))
  tweets.push(await ok('POST', '/api/tweets', { session: alice.session, body: { content: `second #${tags[0]} #${tags[1]} @${carol.name}` } }))
  tweets.push(await ok('POST', '/api/tweets', { session: bob.session, body: { content: `bob too #${tags[0]} @${alice.name}` } }))
  await ok('POST', `/api/tweets/${tweets[0].id}/like`, { session: bob.session })
  await ok('POST', `/api/tweets/${tweets[1].id}/like`, { session: carol.session })
  await ok('POST', `/api/tweets/${tweets[2].id}/like`, { session: alice.session })
  // undone before the replay: the replayed like must not bring its notification back
  await ok('POST', `/api/tweets/${tweets[0].id}/like`, { session: carol.session })
  await ok('DELETE', `/api/tweets/${tweets[0].id}/like`, { session: carol.session })

  check('the events are processed: notifications, home timelines and trends show them')
  await eventually('every group caught up', () => {
    const rows = lagRows(mustRun('lag.sh', GROUPS))
    return GROUPS.every(g => rows.some(r => r.group === g)) && rows.every(r => r.lag === '0')
  })
  await eventually('the notifications', async () =>
    (await ok('GET', '/api/notifications/unread-count', { session: alice.session })).count >= 4 && // 2 follows, a mention, 2 likes (bob, carol)
    (await ok('GET', '/api/notifications/unread-count', { session: bob.session })).count >= 3 && // a follow, a mention, a like
    (await ok('GET', '/api/notifications/unread-count', { session: carol.session })).count >= 1) // a mention
  await eventually('the home timelines', async () => {
    const bobs = (await ok('GET', '/api/timeline/home?limit=100', { session: bob.session })).items.map(t => t.id)
    const alices = (await ok('GET', '/api/timeline/home?limit=100', { session: alice.session })).items.map(t => t.id)
    return tweets.every(t => bobs.includes(t.id)) && alices.includes(tweets[2].id)
  })
  await eventually('the hashtags in trends', async () => {
    const items = (await ok('GET', '/api/trends?limit=50')).items
    return items.find(t => t.hashtag === tags[0])?.tweetCount === 3 && items.find(t => t.hashtag === tags[1])?.tweetCount === 1
  })
  const before = await snapshot(users, tags)
  assert.deepEqual(before.trends[tags[0]], { tweetCount: 3, uniqueAuthors: 2 })
  for (const u of users) assert.equal(new Set(before.home[u.name]).size, before.home[u.name].length, `${u.name}'s home timeline has no duplicates`)

  check('replay.sh moves the groups back an hour, restarting their instances')
  const replays = [['notifications', 'notification-service'], ['fanout-worker', 'fanout-worker'], ['trend-tweets', 'trend-service']]
  for (const [target, module] of replays) {
    const t0 = Date.now()
    const out = mustRun('replay.sh', [target, '--from', '1h'])
    assert.match(out, new RegExp(`Stopping ${module}`))
    assert.match(out, /TOPIC\s+PART\s+OLD\s+NEW\s+END\s+LAG/)
    // the activity above is within the hour: some partition must really move back
    const moved = [...out.matchAll(/^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/gm)]
      .map(m => ({ topic: m[1], old: Number(m[3]), now: Number(m[4]), end: Number(m[5]), lag: Number(m[6]) }))
    assert.ok(moved.length > 0, `replay.sh printed no partitions:\n${out}`)
    for (const p of moved) {
      assert.ok(p.now <= p.old && p.old <= p.end && p.lag === p.end - p.now, `sane offsets: ${JSON.stringify(p)}`)
    }
    const back = moved.reduce((sum, p) => sum + p.old - p.now, 0)
    assert.ok(back > 0, `replay.sh ${target} moved nothing back:\n${out}`)
    assert.match(out, /ready/)
    console.log(`  ${target}: ${back} record(s) to re-process, ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }

  check('lag.sh shows every replayed group caught up, with live members again')
  await eventually('zero lag', () => {
    const rows = lagRows(mustRun('lag.sh', GROUPS)).filter(r => GROUPS.includes(r.group))
    return GROUPS.every(g => rows.some(r => r.group === g && r.members > 0)) &&
      rows.every(r => r.lag === '0' && (r.committed === '-' ? r.end === 0 : Number(r.committed) === r.end))
  }, 60_000)

  check('nothing is duplicated: notifications, unread counts, home timelines, trend counts')
  // the trends list is recomputed on an interval: wait for one computed after the replay
  const caughtUp = Date.now()
  await eventually('trends recomputed after the replay', async () =>
    Date.parse((await ok('GET', '/api/trends?limit=50')).updatedAt) > caughtUp, 30_000)
  const after = await snapshot(users, tags)
  assert.deepEqual(after.notifications, before.notifications, 'the same notifications')
  assert.deepEqual(after.unread, before.unread, 'the same unread counts')
  assert.deepEqual(after.home, before.home, 'the same home timelines')
  assert.deepEqual(after.trends, before.trends, 'the same trend counts')

  check('lag.sh lists every group with sane numbers')
  const rows = lagRows(mustRun('lag.sh', []))
  for (const g of [...GROUPS, 'graph-tweet-counts']) assert.ok(rows.some(r => r.group === g), `lag.sh lists ${g}`)
  for (const r of rows) {
    assert.ok(Number.isInteger(r.partition) && r.partition >= 0 && Number.isInteger(r.end) && Number.isInteger(r.members), JSON.stringify(r))
    if (r.committed !== '-') assert.equal(Number(r.lag), Math.max(0, r.end - Number(r.committed)), JSON.stringify(r))
  }

  check('dlt.sh list prints each dead-letter topic with its counts')
  const dlt = mustRun('dlt.sh', ['list'])
  assert.match(dlt, /^DEAD-LETTER TOPIC\s+RECORDS\s+NOT-REDRIVEN$/m)
  const dltRows = [...dlt.matchAll(/^(\S+\.dlt)\s+(\d+)\s+(\d+)$/gm)].map(m => ({ topic: m[1], records: Number(m[2]), pending: Number(m[3]) }))
  assert.ok(dltRows.some(r => r.topic === 'tweet.created.dlt'), dlt)
  for (const r of dltRows) assert.ok(r.pending <= r.records, JSON.stringify(r))
  const one = mustRun('dlt.sh', ['list', 'like.created'])
  assert.match(one, /^like\.created\.dlt\s+\d+\s+\d+$/m)

  check('an unreadable record reaches like.created.dlt; dlt.sh redrive republishes it once')
  const dltCounts = out => {
    const m = /^like\.created\.dlt\s+(\d+)\s+(\d+)$/m.exec(out)
    return m ? { records: Number(m[1]), pending: Number(m[2]) } : { records: 0, pending: 0 }
  }
  const start = dltCounts(mustRun('dlt.sh', ['list', 'like.created']))
  const key = `ops-${suffix}`
  // like.created is read by notification-service alone: the re-driven record bothers no other group
  const sent = spawnSync('bash', ['-c', `source "${SCRIPTS}lib.sh"; kafka_ops produce --topic like.created --key ${key} --value 'not json {'`], { encoding: 'utf8', env: process.env })
  assert.equal(sent.status, 0, sent.stdout + sent.stderr)
  const dead = await eventually('the record in like.created.dlt', () => {
    const out = mustRun('dlt.sh', ['list', 'like.created', '--last', '1'])
    const c = dltCounts(out)
    return c.records === start.records + 1 && c.pending === start.pending + 1 && out
  })
  assert.match(dead, new RegExp(`key=${key}\\n\\s+headers: .*kafka_dlt-exception-message`))
  assert.match(dead, /from: like\.created-\d+@\d+/)
  assert.match(dead, /error: \S+: .*Unrecognized token 'not'/)
  const redriven = mustRun('dlt.sh', ['redrive', 'like.created'])
  assert.match(redriven, new RegExp(`re-drove ${start.pending + 1} record\\(s\\) from like\\.created\\.dlt to \\{like\\.created=${start.pending + 1}\\}`))
  // still unreadable, it fails again and comes back to the DLT once, as a new record not yet
  // re-driven, while the re-driven ones count as done (dlt-redrive's offset): none goes twice
  const redrove = start.pending + 1
  const back = await eventually('the re-driven record back in like.created.dlt', () => {
    const out = mustRun('dlt.sh', ['list', 'like.created', '--last', '1'])
    const c = dltCounts(out)
    return c.records === start.records + 1 + redrove && c.pending === redrove && out
  })
  assert.match(back, /headers: twitter-redriven-from/)

  console.log(`ops end-to-end checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch(e => {
  console.error(`FAILED at: ${step}`)
  console.error(e)
  process.exit(1)
})

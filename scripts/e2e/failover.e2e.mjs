// End-to-end check of the PostgreSQL failover runbook (docs/cluster.md, "PostgreSQL with a
// replica"; scripts/failover.sh) against a suite started with a standby (run.sh --pg-replica):
// the standby streams and takes the lag-tolerant reads (twitter_db_reads_total{target="replica"}
// grows); under a steady stream of posts through the gateway the primary is killed (kill -9, its
// wrapper and the server), scripts/failover.sh promotes the standby, the writes come back by
// themselves (the services' URL names both nodes), every post that was acknowledged is read back
// (none lost), the old primary rejoins as the new one's standby and the replica reads resume.
// Prints the measured figures. Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:9080 PORT_OFFSET=1000 RUN_DIR=target/e2e-run node scripts/e2e/failover.e2e.mjs
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const OFFSET = Number(process.env.PORT_OFFSET ?? 0)
const call = client(BASE)
const eventually = (what, check, timeoutMs = 60_000) => waitUntil(what, check, timeoutMs, 200)
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const RUN_DIR = process.env.RUN_DIR ?? path.resolve(SCRIPTS, '../.run')
const suffix = Math.random().toString(36).slice(2, 7)

const started = Date.now()
let step = ''
function check(name) { step = name; console.log(`- ${name}`) }

function script(name, ...args) {
  const r = spawnSync(path.join(SCRIPTS, name), args, { encoding: 'utf8', env: process.env, timeout: 180_000 })
  assert.equal(r.status, 0, `${name} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** failover.sh in the background: the posts keep going while it runs. */
function scriptAsync(name, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(SCRIPTS, name), args, { env: process.env })
    let out = ''
    child.stdout.on('data', d => { out += d })
    child.stderr.on('data', d => { out += d })
    child.on('exit', code => code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}:\n${out}`)))
  })
}

/** {postgres: {role, streaming}, 'postgres-2': {...}} from failover.sh status. */
function roles() {
  const nodes = {}
  for (const line of script('failover.sh', 'status').trim().split('\n')) {
    const [node, , role, streaming] = line.trim().split(/\s+/)
    nodes[node] = { role, streaming: streaming === 'streaming=true' }
  }
  return nodes
}

/** The base URLs of a module's running instances (run.sh instances: the deploys move them to other ports). */
function instances(module) {
  return script('run.sh', 'instances', module).trim().split('\n').map(line => `http://127.0.0.1:${line.split(' ')[1]}`)
}

async function metricOf(base, name, labels = '') {
  const r = await fetch(`${base}/actuator/prometheus`)
  const text = await r.text()
  const line = text.split('\n').find(l => l.startsWith(name + (labels ? `{` : '')) && l.includes(labels))
  return line === undefined ? undefined : Number(line.trim().split(/\s+/).pop())
}

/** A metric of every instance of a module. */
async function metric(module, name, labels = '') {
  return Promise.all(instances(module).map(base => metricOf(base, name, labels)))
}
const sum = values => values.reduce((a, b) => a + (b ?? 0), 0)
const all = (values, expected) => values.length > 0 && values.every(v => v === expected)

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse' } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

function kill(pidFile) {
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  try { process.kill(pid, 'SIGKILL') } catch { /* gone already */ }
}

async function main() {
  assert.ok(existsSync(path.join(RUN_DIR, 'data', 'pg-replica')), 'the suite runs with a standby (run.sh --pg-replica)')

  check('one primary, one standby streaming from it')
  const before = await eventually('the standby to stream', () => {
    const nodes = roles()
    const standby = Object.entries(nodes).find(([, n]) => n.role === 'standby' && n.streaming)
    const primary = Object.entries(nodes).find(([, n]) => n.role === 'primary')
    return standby && primary ? { primary: primary[0], standby: standby[0] } : null
  })

  check('follower lists are read on the standby (twitter_db_reads_total{target="replica"} grows)')
  const ann = await register(`fo_ann_${suffix}`)
  const ben = await register(`fo_ben_${suffix}`)
  assert.equal((await call('POST', `/api/users/${ann.id}/follow`, { session: ben.session })).status, 200)
  await eventually('every graph-service instance to read on the standby', async () =>
    all(await metric('graph-service', 'twitter_db_replica_in_use'), 1))
  const replicaReadsBefore = sum(await metric('graph-service', 'twitter_db_reads_total', 'target="replica"'))
  for (const lag of await metric('graph-service', 'twitter_db_replica_lag_seconds')) {
    assert.ok(lag >= 0 && lag < 5, `the replica's lag is published and within the bound (${lag})`)
  }
  await eventually('ben in ann\'s followers, read on the standby', async () => {
    const r = await call('GET', `/api/users/${ann.id}/followers`, { session: ann.session })
    return r.status === 200 && r.json.items.some(u => u.id === ben.id)
  })
  assert.ok(sum(await metric('graph-service', 'twitter_db_reads_total', 'target="replica"')) > replicaReadsBefore)

  check(`posts every 100 ms; the primary ${before.primary} killed (kill -9); scripts/failover.sh`)
  const acknowledged = []
  const failures = []
  let posting = true
  let n = 0
  const traffic = (async () => {
    while (posting) {
      const at = Date.now()
      try {
        const r = await call('POST', '/api/tweets', { session: ann.session, body: { content: `failover ${suffix} ${n++}` } })
        if (r.status === 201) acknowledged.push({ id: r.json.id, at })
        else failures.push({ status: r.status, at })
      } catch (e) {
        failures.push({ status: String(e.cause?.code ?? e.message), at })
      }
      await new Promise(r => setTimeout(r, 100))
    }
  })()
  await new Promise(r => setTimeout(r, 2000))
  const killedAt = Date.now()
  const dir = before.primary === 'postgres' ? 'postgres' : 'postgres-2'
  kill(path.join(RUN_DIR, 'pids', `${before.primary}.pid`))
  kill(path.join(RUN_DIR, 'data', dir, 'postmaster.pid'))
  const out = await scriptAsync('failover.sh')
  console.log(out.trimEnd().replace(/^/gm, '    '))
  const failedOverAt = Date.now()
  assert.match(out, new RegExp(`^failover: ${before.standby} promoted, ${before.primary} its standby, in \\d+ ms$`, 'm'))

  check('the writes come back by themselves')
  await eventually('a post acknowledged after the failover', () => acknowledged.some(a => a.at > failedOverAt), 90_000)
  await new Promise(r => setTimeout(r, 2000))
  posting = false
  await traffic
  const firstAfter = acknowledged.find(a => a.at > killedAt + 100)
  const lastFailure = failures.at(-1)
  assert.ok(acknowledged.at(-1).at > (lastFailure?.at ?? 0), `the last post was acknowledged (last failure ${JSON.stringify(lastFailure)})`)

  check('every acknowledged post is there: none lost')
  const missing = []
  for (const { id } of acknowledged) {
    const r = await call('GET', `/api/tweets/${id}`, { session: ben.session })
    if (r.status !== 200) missing.push({ id, status: r.status })
  }
  assert.deepEqual(missing, [], 'acknowledged posts missing after the failover')

  check('the old primary is the new one\'s standby, and the replica reads resume')
  const after = await eventually('the roles swapped, the new standby streaming', () => {
    const nodes = roles()
    return nodes[before.standby]?.role === 'primary' && nodes[before.primary]?.role === 'standby' && nodes[before.primary].streaming
      ? nodes : null
  })
  assert.ok(after)
  for (const module of ['graph-service', 'tweet-service', 'timeline-service', 'trend-service']) {
    await eventually(`every ${module} instance to read on the new standby`, async () =>
      all(await metric(module, 'twitter_db_replica_in_use'), 1), 60_000)
  }

  const failed = failures.filter(f => f.at >= killedAt)
  const outage = firstAfter ? firstAfter.at - killedAt : NaN
  console.log(`  posts: ${acknowledged.length} acknowledged, ${failures.length} refused (${[...new Set(failures.map(f => f.status))].join(', ') || 'none'}), 0 lost`)
  console.log(`  failover.sh took ${failedOverAt - killedAt} ms; writes back ${outage} ms after the kill; ${failed.length} posts refused meanwhile`)
  console.log(`failover end-to-end checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch(e => {
  console.error(`FAILED at: ${step}`)
  console.error(e)
  process.exit(1)
})

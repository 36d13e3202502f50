// End-to-end check of the suite's Prometheus (scripts/run.sh --observe, docs/operations.md,
// "Observability"): every instance of the suite (as scripts/run.sh lists them, the gateway on its
// management port) is a target and up, the rules of observability/rules.yml are loaded and
// evaluate without error, and the series they are built on are there: twitter_ready 1 for every
// instance, request rates per application, the breakers' state. Node 20+, no dependencies.
//
//   BASE_URL=http://127.0.0.1:9080 PROMETHEUS_URL=http://127.0.0.1:10090 PORT_OFFSET=1000 RUN_DIR=target/e2e-run \
//     node scripts/e2e/observe.e2e.mjs
//
// scripts/e2e.sh runs it after the suite starts and again after the deploys, which move instances
// to other ports: Prometheus must follow them (its file_sd targets are rewritten by run.sh).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { eventually } from './http.mjs'

const PROMETHEUS = process.env.PROMETHEUS_URL ?? 'http://127.0.0.1:9090'
const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const SCRIPTS = fileURLToPath(new URL('..', import.meta.url))
const OFFSET = Number(process.env.PORT_OFFSET ?? 0)
const MODULES = ['graph-service', 'tweet-service', 'timeline-service', 'fanout-worker', 'trend-service', 'notification-service']
let step = ''

function check(name) { step = name; console.log(`- ${name}`) }

async function api(path) {
  const r = await fetch(PROMETHEUS + path)
  const body = await r.json()
  assert.equal(body.status, 'success', `${path}: ${JSON.stringify(body)}`)
  return body.data
}

const query = async expr => (await api('/api/v1/query?query=' + encodeURIComponent(expr))).result

async function main() {
  const started = Date.now()
  const expected = new Map() // port -> instance name
  for (const module of MODULES) {
    for (const line of execFileSync(SCRIPTS + 'run.sh', ['instances', module], { encoding: 'utf8', env: process.env }).trim().split('\n')) {
      const [name, port] = line.split(' ')
      expected.set(Number(port), name)
    }
  }
  expected.set(8089 + OFFSET, 'gateway')

  check(`every instance of the suite is a target, and up (${expected.size})`)
  const targets = await eventually('every target up', async () => {
    const active = (await api('/api/v1/targets?state=active')).activeTargets
    const ports = active.map(t => Number(new URL(t.scrapeUrl).port)).sort()
    const up = active.every(t => t.health === 'up')
    return up && JSON.stringify(ports) === JSON.stringify([...expected.keys()].sort()) ? active : false
  }, 60_000, 1000)
  for (const t of targets) {
    assert.equal(t.labels.instance_name, expected.get(Number(new URL(t.scrapeUrl).port)))
    assert.equal(new URL(t.scrapeUrl).pathname, '/actuator/prometheus')
  }
  console.log(`    ${targets.map(t => `${t.labels.instance_name}@${new URL(t.scrapeUrl).port}`).join(', ')}`)

  check('the recording and alert rules are loaded and evaluate without error')
  const groups = await eventually('the rules evaluated', async () => {
    const g = (await api('/api/v1/rules')).groups
    return g.length === 2 && g.every(group => group.rules.every(rule => rule.lastEvaluation && !rule.lastEvaluation.startsWith('0001'))) ? g : false
  }, 40_000, 1000)
  const rules = groups.flatMap(g => g.rules)
  for (const rule of rules) assert.equal(rule.health, 'ok', `${rule.name}: ${rule.lastError}`)
  const alerts = rules.filter(r => r.type === 'alerting').map(r => r.name).sort()
  assert.deepEqual(alerts, ['CircuitBreakerOpen', 'FanoutQueueGrowing', 'High5xxRate', 'HomeTimelineSlow', 'OutboxBacklog', 'ServiceDown', 'ServiceNotReady'])
  console.log(`    ${rules.length} rules: ${alerts.join(', ')} and ${rules.length - alerts.length} recordings`)

  check('the series the rules are built on are scraped: readiness, requests, breakers, fanout depth, outbox')
  // an instance just removed (a deploy) keeps its last sample until Prometheus marks it stale
  const names = [...expected.values()].sort()
  const ready = await eventually('twitter_ready of exactly the instances', async () => {
    const r = await query('twitter_ready')
    return JSON.stringify(r.map(s => s.metric.instance_name).sort()) === JSON.stringify(names) ? r : false
  }, 30_000, 1000)
  for (const r of ready) assert.equal(r.value[1], '1', `${r.metric.instance_name} is not ready`)
  // reads through the gateway, each through its breaker for the service (made at first use)
  for (const path of ['/api/trends?limit=1', '/api/timeline/user/1?limit=1', '/api/hashtags/observe/tweets?limit=1']) {
    assert.ok((await fetch(BASE + path)).status < 500, path)
  }
  await eventually('the series of every rule', async () => {
    const applications = new Set((await query('sum by (application) (http_server_requests_seconds_count)')).map(r => r.metric.application))
    const breakers = new Set((await query('resilience4j_circuitbreaker_state{application="gateway"}')).map(r => r.metric.name))
    return ['gateway', 'tweet-service', 'timeline-service', 'trend-service'].every(a => applications.has(a)) &&
      ['trend-service', 'timeline-service', 'tweet-service'].every(b => breakers.has(b)) &&
      (await query('twitter_fanout_queue_depth')).length > 0 && (await query('outbox_pending')).length > 0
  }, 30_000, 1000)
  console.log(`prometheus end-to-end checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

main().catch(e => {
  console.error(`FAILED at "${step}": ${e.stack ?? e}`)
  process.exit(1)
})

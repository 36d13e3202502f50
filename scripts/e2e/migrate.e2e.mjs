// End-to-end check of the migration runbook (docs/operations.md): with the suite running, roll
// back the newest migration of every schema-owning service with scripts/migrate.sh, migrate it
// again (the service's restart applies it), and read the same tweets, follows and likes back
// through the gateway. Node 20+, no dependencies; PORT_OFFSET and RUN_DIR as for scripts/run.sh.
//
//   BASE_URL=http://127.0.0.1:9080 node scripts/e2e/migrate.e2e.mjs
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { client, eventually as waitUntil } from './http.mjs'

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:8080'
const call = client(BASE)
const eventually = (what, check, timeoutMs = 60_000) => waitUntil(what, check, timeoutMs, 200)
const MIGRATE = fileURLToPath(new URL('../migrate.sh', import.meta.url))
const SERVICES = ['graph-service', 'tweet-service', 'trend-service', 'notification-service']
const suffix = Math.random().toString(36).slice(2, 7)

async function register(name) {
  const r = await call('POST', '/api/auth/register', { body: { username: name, password: 'correct horse' } })
  assert.equal(r.status, 201, JSON.stringify(r.json))
  return { id: r.json.id, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

function migrate(...args) {
  return execFileSync(MIGRATE, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
}

async function snapshot(ann, ben, tweet) {
  const t = await call('GET', `/api/tweets/${tweet}`, { session: ben.session })
  const following = await call('GET', `/api/users/${ben.id}/following`, { session: ben.session })
  const posts = await call('GET', `/api/timeline/user/${ann.id}`)
  return {
    tweet: t.status === 200 ? { content: t.json.content, likeCount: t.json.likeCount, likedByMe: t.json.likedByMe } : t.status,
    following: following.status === 200 ? following.json.items.map(u => u.id) : following.status,
    posts: posts.status === 200 ? posts.json.items.map(p => p.id) : posts.status,
  }
}

async function main() {
  console.log('- data written before the rollbacks')
  const ann = await register(`mig_ann_${suffix}`)
  const ben = await register(`mig_ben_${suffix}`)
  assert.equal((await call('POST', `/api/users/${ann.id}/follow`, { session: ben.session })).status, 200)
  const posted = await call('POST', '/api/tweets', { session: ann.session, body: { content: `before the rollback #mig${suffix}` } })
  assert.equal(posted.status, 201)
  assert.equal((await call('POST', `/api/tweets/${posted.json.id}/like`, { session: ben.session })).status, 200)
  const before = await eventually('the like to be counted', async () => {
    const s = await snapshot(ann, ben, posted.json.id)
    return s.tweet.likeCount === 1 ? s : null
  })

  for (const service of SERVICES) {
    const status = migrate('status', service)
    const newest = Math.max(...[...status.matchAll(/V(\d+)\s+\S+\s+applied/g)].map(m => Number(m[1])))
    console.log(`- ${service}: roll back V${newest}, then migrate again`)
    const undone = migrate('rollback', service, String(newest))
    assert.match(undone, new RegExp(`undid \\[V${newest}\\]`))
    assert.match(migrate('status', service), new RegExp(`V${newest}\\s+\\S+\\s+pending`))
    const again = migrate('migrate', service)
    assert.match(again, new RegExp(`V${newest}\\s+\\S+\\s+applied`))
    assert.doesNotMatch(again, /^\s+V\d+\s+\S+\s+pending/m)
  }

  console.log('- the same tweets, follows and likes through the gateway')
  const after = await eventually('the services to answer again', async () => {
    const s = await snapshot(ann, ben, posted.json.id)
    return typeof s.tweet === 'object' && Array.isArray(s.following) && Array.isArray(s.posts) ? s : null
  })
  assert.deepEqual(after, before)
  console.log('migrations e2e: all checks passed')
}

main().catch((error) => {
  console.error(`✗ ${error.stack ?? error}`)
  process.exit(1)
})

// Lighthouse on the home page of the built app, as the running suite serves it through the
// gateway, signed in (the home page needs a session: the cookie goes as an extra header). Node
// API of Lighthouse 12.2.3, Debian's Chromium started by chrome-launcher, headless.
//
//   BASE_URL=http://localhost:8080 REPORT_DIR=target/reports npm run lighthouse
//
// Performance, accessibility and best practices must each score at least MIN_SCORE (90).
// Throttling: Lighthouse's desktop preset (simulated: 40 ms round trips, 10 Mbit/s, no CPU
// slowdown), since the app is a desktop-first site and the mobile preset's 4x CPU slowdown on a
// shared 2-core machine measures the machine's load more than the app. The performance score
// still moves with that load, so a run that misses is tried again, up to RUNS times (3); the
// other two categories do not depend on timing; a run Lighthouse could not record (its
// runtimeError) is tried again the same way. Every run's report, HTML and JSON, goes to
// $REPORT_DIR/lighthouse/home.<run>.report.{html,json}. Exit code 1 when no run passed.

import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { desktopConfig, generateReport } from 'lighthouse'

import { client, eventually } from '../../scripts/e2e/http.mjs'
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.mjs'

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '')
const REPORTS = join(resolve(process.env.REPORT_DIR ?? 'target/reports'), 'lighthouse')
const CATEGORIES = ['performance', 'accessibility', 'best-practices']
const MIN_SCORE = Number(process.env.MIN_SCORE ?? 90)
const RUNS = Number(process.env.RUNS ?? 3)

const call = client(BASE_URL)

/** A user whose home timeline has tweets in it, as a signed-in visitor's would. */
async function signedInUser() {
  const run = Date.now().toString(36).slice(-6)
  const r = await call('POST', '/api/auth/register', { body: { username: `lh_${run}`, displayName: 'Lighthouse', password: 'correct horse battery' } })
  if (r.status !== 201) throw new Error(`POST /api/auth/register → ${r.status} ${r.text}`)
  const session = /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1]
  const contents = [`Measuring the home page #lh${run}`, 'A second tweet, with a link: https://web.dev/articles/vitals', 'And a third one']
  for (const content of contents) {
    const posted = await call('POST', '/api/tweets', { session, body: { content }, headers: { 'Idempotency-Key': crypto.randomUUID() } })
    if (posted.status !== 201) throw new Error(`POST /api/tweets → ${posted.status} ${posted.text}`)
  }
  await eventually('the tweets in the home timeline', async () =>
    (await call('GET', '/api/timeline/home', { session })).json?.items?.length >= contents.length, 20_000, 200)
  return session
}

/** The audits that cost a category points, for the log: "largest-contentful-paint 0.72 (2.1 s)". */
function losses(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 0.9)
    .map((ref) => `${ref.id} ${lhr.audits[ref.id].score}${lhr.audits[ref.id].displayValue ? ` (${lhr.audits[ref.id].displayValue})` : ''}`)
}

async function main() {
  await rm(REPORTS, { recursive: true, force: true })
  await mkdir(REPORTS, { recursive: true })
  const session = await signedInUser()
  const url = `${BASE_URL}/`
  console.log(`Lighthouse (desktop preset) on ${url}: ${CATEGORIES.join(', ')} at least ${MIN_SCORE}`)

  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS })
  let passed = false
  try {
    for (let run = 1; run <= RUNS && !passed; run++) {
      const result = await lighthouse(
        url,
        { port: chrome.port, logLevel: 'error', onlyCategories: CATEGORIES, extraHeaders: { Cookie: `session=${session}` } },
        desktopConfig,
      )
      const { lhr } = result
      if (lhr.runtimeError) {
        // a trace it could not record (NO_NAVSTART, NO_FCP on a loaded machine): Lighthouse's own
        // advice is to run again, so it costs a run, not the check
        console.log(`✗ run ${run}: Lighthouse could not measure: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
        continue
      }
      // the report keeps its settings: not the session
      delete lhr.configSettings.extraHeaders
      await writeFile(join(REPORTS, `home.${run}.report.html`), generateReport(lhr, 'html'))
      await writeFile(join(REPORTS, `home.${run}.report.json`), generateReport(lhr, 'json'))

      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]))
      passed = CATEGORIES.every((c) => scores[c] >= MIN_SCORE)
      const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
        .map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id].displayValue}`)
      console.log(`${passed ? '✓' : '✗'} run ${run}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')} (${metrics.join(', ')})`)
      for (const category of CATEGORIES) {
        if (scores[category] < MIN_SCORE) console.log(`    ${category} lost points on: ${losses(lhr, category).join('; ') || 'nothing weighted'}`)
      }
    }
  } finally {
    await chrome.kill()
  }

  console.log(`Reports: ${REPORTS}`)
  console.log(`lighthouse: ${passed ? 1 : 0} passed, ${passed ? 0 : 1} failed`)
  return passed
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(`✗ Lighthouse could not run: ${error?.stack ?? error}`)
    process.exit(1)
  },
)

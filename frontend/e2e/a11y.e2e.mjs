// Accessibility check of every page of the web app, in a real browser (Debian's Chromium, driven
// by playwright-core), against a running suite: axe-core with the WCAG 2.0 and 2.1 A and AA
// rules, on each page in light and in dark mode (the app follows prefers-color-scheme). Any
// serious or critical violation fails the run; every violation is printed.
//
//   BASE_URL=http://localhost:8080 REPORT_DIR=target/reports npm run a11y
//
// The pages are filled first through the API: two users who follow each other, a tweet with a
// hashtag, a mention, a link and an image, a like, a retweet, replies and so notifications.
// One JSON report per page and mode: $REPORT_DIR/axe/<page>.<mode>.json (the violations with
// their elements, the incomplete checks, the rules that passed), and $REPORT_DIR/axe/summary.json.
// Exit code 1 on any serious or critical violation, or a page that did not load.

import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

import axe from 'axe-core'
import { chromium } from 'playwright-core'

import { client, eventually } from '../../scripts/e2e/http.mjs'
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.mjs'

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '')
const REPORTS = join(resolve(process.env.REPORT_DIR ?? 'target/reports'), 'axe')
/** The rules of WCAG 2.1 level AA (axe tags them by version and level; 2.1 adds to 2.0). */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const FAILING_IMPACTS = new Set(['serious', 'critical'])
const MODES = ['light', 'dark']
const TIMEOUT_MS = 15_000

const call = client(BASE_URL)
const run = Date.now().toString(36).slice(-6)
const password = 'correct horse battery'

async function register(username, displayName) {
  const r = await call('POST', '/api/auth/register', { body: { username, displayName, password } })
  if (r.status !== 201) throw new Error(`POST /api/auth/register → ${r.status} ${r.text}`)
  return { ...r.json, session: /session=([^;]+)/.exec(r.headers.get('set-cookie'))[1] }
}

async function post(user, body) {
  const r = await call('POST', '/api/tweets', { session: user.session, body, headers: { 'Idempotency-Key': crypto.randomUUID() } })
  if (r.status !== 201) throw new Error(`POST /api/tweets → ${r.status} ${r.text}`)
  return r.json
}

async function ok(user, method, path) {
  const r = await call(method, path, { session: user.session })
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${r.text}`)
  return r.json
}

/** Everything the pages show: two users, tweets of both kinds, engagement and notifications. */
async function fillPages(image) {
  const alice = await register(`a11y_a_${run}`, 'Ada Accessible')
  const bob = await register(`a11y_b_${run}`, 'Bo Contrast')
  const tag = `a11y${run}`
  await ok(bob, 'POST', `/api/users/${alice.id}/follow`)
  await ok(alice, 'POST', `/api/users/${bob.id}/follow`)
  await call('PATCH', '/api/users/me', { session: alice.session, body: { bio: `Checks the #${tag} pages, with @${bob.username}`, location: 'The web' } })

  const form = new FormData()
  form.append('file', new Blob([image], { type: 'image/png' }), 'a11y.png')
  const upload = await call('POST', '/api/media', { session: alice.session, body: form })
  if (upload.status !== 201 && upload.status !== 200) throw new Error(`POST /api/media → ${upload.status} ${upload.text}`)

  const tweet = await post(alice, {
    content: `Hello #${tag} with @${bob.username}, read https://www.w3.org/TR/WCAG21/ first`,
    mediaUrls: [upload.json.url],
  })
  await post(alice, { content: `A second tweet about #${tag}` })
  await ok(bob, 'POST', `/api/tweets/${tweet.id}/like`)
  await ok(bob, 'POST', `/api/tweets/${tweet.id}/retweet`)
  await post(bob, { content: `A reply to @${alice.username}`, replyTo: tweet.id })
  const bobs = await post(bob, { content: `@${alice.username} what do you think of #${tag}?` })
  await post(alice, { content: 'Quite good', replyTo: bobs.id })
  // alice's own like and retweet: the active colours of both buttons
  await ok(alice, 'POST', `/api/tweets/${bobs.id}/like`)
  await ok(alice, 'POST', `/api/tweets/${bobs.id}/retweet`)

  await eventually("bob's tweet in alice's home timeline", async () =>
    (await ok(alice, 'GET', '/api/timeline/home')).items?.some((t) => t.id === bobs.id), 20_000, 200)
  await eventually("alice's notifications", async () =>
    (await ok(alice, 'GET', '/api/notifications')).items?.length >= 3, 20_000, 200)
  return { alice, bob, tag, tweet }
}

/**
 * The pages, each with what shows it has loaded. `as` is who looks (no one: signed out);
 * `then` does something on the loaded page first (opens a dialog).
 */
function pages({ alice, bob, tag, tweet }) {
  const heading = (name) => (page) => page.getByRole('heading', { name, exact: true }).first().waitFor()
  return [
    { name: 'login', path: '/login', ready: heading('Sign in to Twitter-like') },
    { name: 'register', path: '/register', ready: heading('Create your account') },
    { name: 'not-found', path: '/no/such/page', ready: heading('Page not found') },
    { name: 'home', path: '/', as: alice, ready: heading('Home') },
    { name: 'home-phone', path: '/', as: alice, phone: true, ready: heading('Home') },
    {
      name: 'home-composing',
      path: '/',
      as: alice,
      ready: heading('Home'),
      // near the limit: the counter turns to the warning colour and shows what is left
      then: (page) => page.getByRole('textbox', { name: "What's happening?" }).fill('a'.repeat(270)),
    },
    { name: 'explore', path: '/explore', as: alice, ready: heading('Who to follow') },
    { name: 'hashtag', path: `/hashtag/${tag}`, as: alice, ready: heading(`#${tag}`) },
    { name: 'notifications', path: '/notifications', as: alice, ready: heading('Notifications') },
    { name: 'profile-own', path: `/${alice.username}`, as: alice, ready: heading(alice.displayName) },
    { name: 'profile-replies', path: `/${alice.username}/replies`, as: alice, ready: heading(alice.displayName) },
    { name: 'profile-other', path: `/${bob.username}`, as: alice, ready: heading(bob.displayName) },
    { name: 'followers', path: `/${alice.username}/followers`, as: alice, ready: heading(alice.displayName) },
    { name: 'following', path: `/${alice.username}/following`, as: alice, ready: heading(alice.displayName) },
    { name: 'tweet', path: `/${alice.username}/status/${tweet.id}`, as: alice, ready: heading('Tweet') },
    {
      name: 'tweet-delete-dialog',
      path: `/${alice.username}/status/${tweet.id}`,
      as: alice,
      ready: heading('Tweet'),
      then: async (page) => {
        await page.getByRole('main').getByRole('article').first().getByRole('button', { name: 'Delete' }).click()
        await page.getByRole('dialog', { name: 'Delete tweet?' }).waitFor()
      },
    },
    { name: 'missing-tweet', path: `/${alice.username}/status/1`, as: alice, ready: (page) => page.getByRole('alert').first().waitFor() },
    { name: 'settings-profile', path: '/settings/profile', as: alice, ready: heading('Edit profile') },
    { name: 'lab', path: '/lab', as: alice, ready: heading('Lab') },
    { name: 'lab-phone', path: '/lab', as: alice, phone: true, ready: heading('Lab') },
  ]
}

/** Until the page has loaded: its heading, no spinner left, and the images decoded. */
async function settle(page, target) {
  await target.ready(page)
  await page.waitForFunction(() => document.querySelectorAll('[role=status]').length === 0, null, { timeout: TIMEOUT_MS })
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: TIMEOUT_MS })
  if (target.then) await target.then(page)
}

/** Until every finite animation has run: a theme switch fades colours (transition-colors). */
async function animationsDone(page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
}

async function audit(page) {
  await animationsDone(page)
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
    WCAG_TAGS,
  )
}

function describe(violation) {
  const nodes = violation.nodes.slice(0, 5).map((node) => `      ${node.target.join(' ')}: ${node.failureSummary.split('\n').slice(1).join(' ').trim()}`)
  const more = violation.nodes.length > 5 ? [`      … and ${violation.nodes.length - 5} more`] : []
  return [`    [${violation.impact}] ${violation.id}: ${violation.help} (${violation.nodes.length}) ${violation.helpUrl}`, ...nodes, ...more].join('\n')
}

async function main() {
  await rm(REPORTS, { recursive: true, force: true })
  await mkdir(REPORTS, { recursive: true })
  console.log(`Accessibility (axe-core ${axe.version}, ${WCAG_TAGS.join(', ')}) against ${BASE_URL}`)

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS })
  const summary = []
  let failures = 0
  try {
    const anonymous = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } })
    const scratch = await anonymous.newPage()
    await scratch.goto('/login')
    // any PNG will do for the tweet's picture: a piece of the sign-in page
    const image = await scratch.screenshot({ clip: { x: 0, y: 0, width: 600, height: 340 } })
    await scratch.close()
    const data = await fillPages(image)
    const signedIn = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 } })
    await signedIn.addCookies([{ name: 'session', value: data.alice.session, url: BASE_URL }])

    for (const target of pages(data)) {
      const context = target.as ? signedIn : anonymous
      const page = await context.newPage()
      page.setDefaultTimeout(TIMEOUT_MS)
      if (target.phone) await page.setViewportSize({ width: 390, height: 844 })
      try {
        await page.emulateMedia({ colorScheme: MODES[0] })
        await page.goto(target.path)
        await settle(page, target)
        // the theme is the media query alone: the same page, switched, is the other mode
        for (const mode of MODES) {
          await page.emulateMedia({ colorScheme: mode })
          const result = await audit(page)
          const failing = result.violations.filter((v) => FAILING_IMPACTS.has(v.impact))
          failures += failing.length > 0 ? 1 : 0
          const file = join(REPORTS, `${target.name}.${mode}.json`)
          await writeFile(file, JSON.stringify({ page: target.name, path: target.path, mode, url: result.url, testEngine: result.testEngine, tags: WCAG_TAGS, violations: result.violations, incomplete: result.incomplete }, null, 2))
          summary.push({ page: target.name, path: target.path, mode, failing: failing.length, violations: result.violations.map((v) => `${v.impact}:${v.id}`) })
          console.log(`${failing.length === 0 ? '✓' : '✗'} ${target.name} (${target.path}), ${mode}: ${result.violations.length} violation(s), ${failing.length} serious or critical`)
          for (const violation of result.violations) console.log(describe(violation))
        }
      } catch (error) {
        failures += 1
        summary.push({ page: target.name, path: target.path, error: String(error?.message ?? error).split('\n')[0] })
        console.log(`✗ ${target.name} (${target.path}) did not load: ${String(error?.message ?? error).split('\n')[0]}`)
        await page.screenshot({ path: join(REPORTS, `FAILED-${target.name}.png`) }).catch(() => {})
      } finally {
        await page.close()
      }
    }
  } finally {
    await browser.close()
  }

  await writeFile(join(REPORTS, 'summary.json'), JSON.stringify(summary, null, 2))
  const checked = summary.length
  console.log(`Reports: ${REPORTS}`)
  console.log(`axe: ${checked - failures} passed, ${failures} failed`)
  return failures === 0
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(`✗ the accessibility check could not run: ${error?.stack ?? error}`)
    process.exit(1)
  },
)

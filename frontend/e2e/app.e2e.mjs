// End-to-end test of the web app in a real browser (Debian's Chromium, driven by playwright-core),
// against a running suite: two users, a follow, a live tweet, a like, a notification, a reply,
// a hashtag page, a delete, and the Lab page (the last lab run's charts, the live internals, a
// tweet watched on its way to a follower). Screenshots of every page go to e2e/screenshots/.
//
//   BASE_URL=http://localhost:8080 npm run e2e
//
// Every step prints ✓ or ✗; a failed step names the API requests that failed during it, so a
// backend endpoint that is missing or down is named in the message. Exit code 1 on any failure.

import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { chromium } from 'playwright-core'

import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.mjs'

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '')
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const STEP_TIMEOUT_MS = 15_000
const LIVE_TIMEOUT_MS = 30_000

const run = Date.now().toString(36).slice(-6)
const user1 = { username: `e2e_a_${run}`, displayName: 'Ada E2E', password: 'correct horse battery' }
const user2 = { username: `e2e_b_${run}`, displayName: 'Bo E2E', password: 'correct horse battery' }
const tag = `e2e${run}`
const tweetText = `Hello from the end-to-end test #${tag} with @${user2.username} <b>not bold</b>`

/** The Lab page's charts of the last lab run, by title. */
const LAB_CHARTS = [
  'Home reads: p99 against offered rate',
  'Timeline writes per tweet, by author tier',
  "Valkey memory after each mode's tweets",
  "Ordinary tweets posted just after a very large account's",
]

/** WCAG's contrast ratio of two CSS rgb() colours. */
function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, b2] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number).map((v) => {
      const c = v / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const results = []
const profiles = []
let shot = 0
/** Every Content-Security-Policy violation any page reported: the built app must cause none. */
const cspViolations = []

/** A browser profile of its own per user: separate cookies, as two people on two machines. */
async function openBrowser(name) {
  const dir = await mkdtemp(join(tmpdir(), `e2e-${name}-`))
  profiles.push(dir)
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    baseURL: BASE_URL,
  })
  context.setDefaultTimeout(STEP_TIMEOUT_MS)
  // the browser reports each blocked script, style, image or connection as an event
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`))
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('console', (message) => {
    if (message.type() === 'error' && /CSP violation|Content Security Policy/.test(message.text())) {
      cspViolations.push(`${name}: ${message.text()}`)
    }
  })
  const failedRequests = []
  page.on('response', (response) => {
    const url = new URL(response.url())
    if (url.pathname.startsWith('/api/') && response.status() >= 400 && response.status() !== 401) {
      failedRequests.push(`${response.request().method()} ${url.pathname} → ${response.status()}`)
    }
  })
  page.on('requestfailed', (request) => {
    const url = new URL(request.url())
    // An EventSource closed by navigation is not a failure.
    if (url.pathname.startsWith('/api/') && !url.pathname.endsWith('/stream')) {
      failedRequests.push(`${request.method()} ${url.pathname} → ${request.failure()?.errorText}`)
    }
  })
  page.on('pageerror', (error) => console.log(`    [${name}] page error: ${error.message}`))
  return { name, context, page, failedRequests }
}

/**
 * One step of the story. A failed `required` step ends the run (the next ones depend on it);
 * any failure makes the exit code 1.
 */
async function step(title, browsers, action, { required = true, endpoints = [], probes = [] } = {}) {
  for (const browser of browsers) browser.failedRequests.length = 0
  try {
    await action()
    results.push({ title, ok: true })
    console.log(`✓ ${title}`)
  } catch (error) {
    const failed = [...new Set(browsers.flatMap((b) => b.failedRequests.map((r) => `${b.name}: ${r}`)))]
    const lines = [`✗ ${title}`, `    ${String(error?.message ?? error).split('\n')[0]}`]
    if (failed.length > 0) {
      lines.push(`    API requests that failed meanwhile (missing or down endpoints): ${failed.join('; ')}`)
    }
    const probed = await probe(browsers[0], probes)
    if (probed.length > 0) lines.push(`    Asked again now: ${probed.join('; ')}`)
    if (endpoints.length > 0) lines.push(`    This step needs: ${endpoints.join(', ')}`)
    console.log(lines.join('\n'))
    results.push({ title, ok: false })
    for (const browser of browsers) await screenshot(browser, `FAILED-${slug(title)}`).catch(() => {})
    if (required) throw new StopRun()
  }
}

class StopRun extends Error {}

/** Asks the API the given paths from the browser (with its session), to name a missing endpoint. */
async function probe(browser, paths) {
  const answers = []
  for (const path of paths) {
    const status = await browser.page
      .evaluate(async (url) => (await fetch(url, { headers: { Accept: 'application/json' } })).status, path)
      .catch((error) => String(error?.message ?? error))
    answers.push(`GET ${path} → ${status}`)
  }
  return answers
}

async function screenshot(browser, name) {
  shot += 1
  const file = join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${browser.name}-${name}.png`)
  await browser.page.screenshot({ path: file, fullPage: false })
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50)
}

async function register(browser, user) {
  const { page } = browser
  await page.goto('/register')
  await page.getByLabel('Username').fill(user.username)
  await page.getByLabel('Display name').fill(user.displayName)
  await page.getByLabel('Password').fill(user.password)
  await screenshot(browser, 'register')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByRole('heading', { name: 'Home' }).waitFor()
  await expectPath(page, '/')
}

async function expectPath(page, path) {
  await page.waitForURL((url) => decodeURIComponent(url.pathname) === path)
}

/** The article of the tweet with this text, in the page's main column. */
function tweetCard(page, text) {
  return page.getByRole('main').getByRole('article').filter({ hasText: text })
}

function notificationsLink(page) {
  return page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: /Notifications/ })
}

async function main() {
  await rm(SCREENSHOTS, { recursive: true, force: true })
  await mkdir(SCREENSHOTS, { recursive: true })
  console.log(`End-to-end against ${BASE_URL} as @${user1.username} and @${user2.username}`)

  const a = await openBrowser('user1')
  const b = await openBrowser('user2')
  let tweetUrl

  try {
    await step('a signed-out visitor is sent to sign in', [a], async () => {
      await a.page.goto('/')
      await expectPath(a.page, '/login')
      await a.page.getByRole('heading', { name: 'Sign in to Twitter-like' }).waitFor()
      await screenshot(a, 'login')
    })

    await step('user 1 registers', [a], () => register(a, user1), { endpoints: ['POST /api/auth/register'] })
    await step('user 2 registers', [b], () => register(b, user2), { endpoints: ['POST /api/auth/register'] })

    await step('user 2 follows user 1 from their profile', [b], async () => {
      await b.page.goto(`/${user1.username}`)
      await b.page.getByRole('heading', { name: user1.displayName, level: 2 }).waitFor()
      await b.page.getByRole('main').getByRole('button', { name: 'Follow', exact: true }).click()
      await b.page.getByRole('main').getByRole('button', { name: 'Following' }).waitFor()
      await b.page.getByRole('link', { name: /1 Follower/ }).waitFor()
      await screenshot(b, 'profile-following')
    }, { endpoints: ['GET /api/users/lookup', 'POST /api/users/{id}/follow', 'GET /api/timeline/user/{id}'] })

    await step('user 2 waits on the home timeline, with its live stream open', [b], async () => {
      const streamOpened = b.page.waitForResponse((r) => r.url().includes('/api/timeline/stream'))
      await b.page.getByRole('link', { name: 'Home' }).first().click()
      await b.page.getByRole('heading', { name: 'Home' }).waitFor()
      const stream = await streamOpened
      if (stream.status() !== 200) throw new Error(`GET /api/timeline/stream answered ${stream.status()}`)
      // A marker that a reload would wipe out: the new tweet must arrive without one.
      await b.page.evaluate(() => (window.__noReload = true))
    }, { endpoints: ['GET /api/timeline/home', 'GET /api/timeline/stream'] })

    await step('user 1 posts a tweet with a hashtag, a mention and an image, shown at once', [a], async () => {
      await a.page.getByRole('textbox', { name: "What's happening?" }).fill(tweetText)
      // Any PNG will do: a picture of the page itself.
      const image = await a.page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 270 } })
      await a.page.locator('input[type=file]').setInputFiles({ name: 'e2e.png', mimeType: 'image/png', buffer: image })
      await a.page.getByRole('img', { name: /^Attached image 1/ }).waitFor()
      const tweetButton = a.page.getByRole('button', { name: 'Tweet', exact: true })
      await a.page.waitForFunction((button) => !button.disabled, await tweetButton.elementHandle()) // uploaded
      await screenshot(a, 'compose-with-image')
      await tweetButton.click()
      const card = tweetCard(a.page, `#${tag}`)
      await card.waitFor()
      await card.getByText('<b>not bold</b>').waitFor() // markup shows as typed
      await card.getByRole('link', { name: `@${user2.username}` }).waitFor()
      const picture = card.getByRole('img', { name: /^Image 1 of 1/ })
      await a.page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle())
      await screenshot(a, 'home-posted')
    }, { endpoints: ['POST /api/media', 'GET /media/{name}', 'POST /api/tweets'] })

    await step('the tweet arrives live in user 2’s home: "Show 1 new tweet", no reload', [b], async () => {
      const bar = b.page.getByRole('button', { name: 'Show 1 new tweet' })
      await bar.waitFor({ timeout: LIVE_TIMEOUT_MS })
      await screenshot(b, 'home-new-tweet-bar')
      await bar.click()
      await tweetCard(b.page, `#${tag}`).waitFor()
      if (!(await b.page.evaluate(() => window.__noReload === true))) throw new Error('the page was reloaded')
      await screenshot(b, 'home-live-tweet')
    }, { endpoints: ['GET /api/timeline/stream (SSE event "tweet")'] })

    await step('user 2 likes it, at once', [b], async () => {
      const card = tweetCard(b.page, `#${tag}`)
      await card.getByRole('button', { name: /^Like,/ }).click()
      const unlike = card.getByRole('button', { name: 'Unlike' })
      await unlike.waitFor()
      await b.page.waitForFunction(
        (el) => el.textContent.trim() === '1',
        await unlike.elementHandle(),
      )
      // Still liked once the server has answered.
      await b.page.waitForTimeout(1000)
      await unlike.waitFor()
      await screenshot(b, 'home-liked')
    }, { endpoints: ['POST /api/tweets/{id}/like'] })

    await step('user 1’s notification badge rises, live', [a], async () => {
      await notificationsLink(a.page).getByText(/unread notifications/).waitFor({ timeout: LIVE_TIMEOUT_MS })
      await screenshot(a, 'home-badge')
    }, {
      required: false,
      endpoints: ['GET /api/notifications/stream (SSE event "unread-count")', 'GET /api/notifications/unread-count'],
      probes: ['/api/notifications/unread-count'],
    })

    await step('user 1 sees the like in notifications, which marks them read', [a], async () => {
      await notificationsLink(a.page).click()
      await a.page.getByRole('heading', { name: 'Notifications' }).waitFor()
      await a.page.getByRole('article').filter({ hasText: 'liked your tweet' }).first().waitFor()
      await notificationsLink(a.page).getByText(/unread notifications/).waitFor({ state: 'detached' })
      await screenshot(a, 'notifications')
    }, { required: false, endpoints: ['GET /api/notifications', 'POST /api/notifications/read'], probes: ['/api/notifications'] })

    await step('user 1 opens the tweet', [a], async () => {
      await a.page.getByRole('link', { name: 'Home' }).first().click()
      const card = tweetCard(a.page, `#${tag}`)
      await card.locator('time').click()
      await a.page.waitForURL(/\/status\/\d+$/)
      tweetUrl = new URL(a.page.url()).pathname
      await a.page.getByRole('heading', { name: 'Tweet' }).waitFor()
      await a.page.getByRole('main').getByText(/^Likes?$/).waitFor()
      await screenshot(a, 'tweet')
    }, { endpoints: ['GET /api/tweets/{id}', 'GET /api/tweets/{id}/replies'] })

    await step('user 1 replies to it', [a], async () => {
      await a.page.getByRole('textbox', { name: 'Post your reply' }).fill('A reply from the end-to-end test')
      await a.page.getByRole('button', { name: 'Reply', exact: true }).click()
      await tweetCard(a.page, 'A reply from the end-to-end test').waitFor()
      await a.page.reload()
      await tweetCard(a.page, 'A reply from the end-to-end test').waitFor()
      await screenshot(a, 'tweet-replied')
    }, { endpoints: ['POST /api/tweets (replyTo)', 'GET /api/tweets/{id}/replies'] })

    await step('user 1 opens the hashtag page from the tweet', [a], async () => {
      await a.page.getByRole('main').getByRole('article').first().getByRole('link', { name: `#${tag}` }).click()
      await expectPath(a.page, `/hashtag/${tag}`)
      await a.page.getByRole('heading', { name: `#${tag}`, exact: true }).waitFor()
      await tweetCard(a.page, 'Hello from the end-to-end test').waitFor()
      await screenshot(a, 'hashtag')
    }, { endpoints: ['GET /api/hashtags/{tag}/tweets'] })

    await step('user 1 deletes the tweet and sees it gone', [a], async () => {
      const card = tweetCard(a.page, 'Hello from the end-to-end test')
      await card.getByRole('button', { name: 'Delete' }).click()
      const dialog = a.page.getByRole('dialog', { name: 'Delete tweet?' })
      await screenshot(a, 'delete-confirm')
      await dialog.getByRole('button', { name: 'Delete' }).click()
      await card.waitFor({ state: 'detached' })
      await a.page.reload()
      await a.page.getByRole('heading', { name: `#${tag}`, exact: true }).waitFor()
      await a.page.getByText(`No tweets with #${tag}`).waitFor()
      await a.page.goto(tweetUrl)
      await a.page.getByRole('alert').getByText("doesn't exist").waitFor()
      await a.page.goto(`/hashtag/${tag}`)
      await screenshot(a, 'hashtag-after-delete')
    }, { endpoints: ['DELETE /api/tweets/{id}'] })

    await step('explore shows trends and who to follow', [b], async () => {
      await b.page.getByRole('link', { name: 'Explore' }).first().click()
      await b.page.getByRole('heading', { name: 'Trends for you' }).waitFor()
      await b.page.getByRole('heading', { name: 'Who to follow' }).waitFor()
      await b.page.waitForLoadState('networkidle')
      const failed = await b.page.getByRole('main').getByRole('alert').count()
      await screenshot(b, 'explore')
      if (failed > 0) throw new Error(`${failed} section(s) of Explore show an error`)
    }, { required: false, endpoints: ['GET /api/trends', 'GET /api/users/suggestions'], probes: ['/api/trends', '/api/users/suggestions'] })

    await step('user 2’s followers and following lists', [b], async () => {
      await b.page.goto(`/${user1.username}/followers`)
      await b.page.getByRole('main').getByRole('link', { name: user2.displayName }).waitFor()
      await screenshot(b, 'followers')
    }, { required: false, endpoints: ['GET /api/users/{id}/followers'] })

    await step('user 1 opens the Lab from the navigation: the last lab run is drawn', [a], async () => {
      await a.page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Lab' }).click()
      await expectPath(a.page, '/lab')
      await a.page.getByRole('heading', { name: 'Lab', level: 1 }).waitFor()
      if (await a.page.getByText('This build has no lab run').count()) {
        throw new Error('the build has no bench/results/lab-latest.json: run scripts/lab.sh, then build again')
      }
      for (const title of LAB_CHARTS) {
        const chart = a.page.getByRole('img', { name: title, exact: true })
        await chart.waitFor()
        // every series drawn, with real geometry: a line with points, or bars with a height
        const drawn = await chart.evaluate((svg) => [...svg.querySelectorAll('[data-series]')].map((g) => {
          const path = g.querySelector('path')?.getAttribute('d') ?? ''
          const bars = [...g.querySelectorAll('rect')].filter((r) => Number(r.getAttribute('height')) > 0).length
          return { points: (path.match(/[ML]/g) ?? []).length + g.querySelectorAll('circle').length, bars }
        }))
        if (drawn.length === 0) throw new Error(`"${title}" has no series`)
        if (drawn.every((d) => d.points === 0 && d.bars === 0)) throw new Error(`"${title}" draws no data`)
      }
      await a.page.getByRole('heading', { name: 'What the figures say' }).waitFor()
      await screenshot(a, 'lab-run')
    }, { required: false, endpoints: ['the web app built with bench/results/lab-latest.json'] })

    await step('the Lab’s live internals update as the system works', [a, b], async () => {
      const live = a.page.getByRole('region', { name: 'Live internals' })
      const readsSinceStart = live.locator('dt', { hasText: 'Home reads since start' }).locator('xpath=following-sibling::dd[1]')
      await readsSinceStart.filter({ hasText: /^[\d,]+$/ }).waitFor()
      const before = Number((await readsSinceStart.textContent()).replace(/,/g, ''))
      const updated = await live.locator('time').getAttribute('datetime')
      // user 2 reads their home timeline: a home read the services publish within a second or two
      await b.page.goto('/')
      await b.page.getByRole('heading', { name: 'Home' }).waitFor()
      await a.page.waitForFunction(
        ([el, n]) => Number(el.textContent.replace(/,/g, '')) > n,
        [await readsSinceStart.elementHandle(), before],
        { timeout: LIVE_TIMEOUT_MS },
      )
      if ((await live.locator('time').getAttribute('datetime')) === updated) throw new Error('the figures were not polled again')
      await live.getByText(/^\d+(\.\d)?%$/).first().waitFor({ timeout: LIVE_TIMEOUT_MS }) // a cache hit rate, from two polls
      await screenshot(a, 'lab-live')
    }, { required: false, endpoints: ['GET /api/lab/internals'], probes: ['/api/lab/internals'] })

    await step('user 1 posts from "watch a tweet travel" and sees every step with its time', [a], async () => {
      const travel = a.page.getByRole('region', { name: 'Watch a tweet travel' })
      await travel.getByRole('textbox').fill(`Watching this one travel ${run}`)
      await travel.getByRole('button', { name: 'Post and watch' }).click()
      const journey = travel.getByRole('list', { name: "The tweet's journey" })
      await journey.waitFor()
      await journey.locator('li[data-state="done"]').nth(4).waitFor({ timeout: LIVE_TIMEOUT_MS })
      const steps = await journey.locator('li').evaluateAll((items) =>
        items.map((li) => ({ step: li.dataset.step, state: li.dataset.state, text: li.textContent })))
      const names = steps.map((s) => s.step).join(', ')
      if (names !== 'accepted, relayed, fanoutStarted, visible, fanoutDone') throw new Error(`steps: ${names}`)
      for (const s of steps) {
        if (s.state !== 'done' || !/(\+[\d,.]+|0) ms/.test(s.text)) throw new Error(`step ${s.step} has no time: ${s.text}`)
      }
      if (!/written to 1 follower/.test(steps[4].text)) throw new Error(`user 2's timeline was not written: ${steps[4].text}`)
      await journey.scrollIntoViewIfNeeded()
      await screenshot(a, 'lab-travel')
    }, { required: false, endpoints: ['POST /api/tweets', 'GET /api/lab/journey/{id}'] })

    await step('the Lab fits a phone and is readable in dark mode', [a], async () => {
      await a.page.setViewportSize({ width: 390, height: 844 })
      await a.page.emulateMedia({ colorScheme: 'dark' })
      await a.page.reload()
      const chart = a.page.getByRole('img', { name: LAB_CHARTS[0], exact: true })
      await chart.waitFor()
      const overflow = await a.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      if (overflow > 0) throw new Error(`the page is ${overflow} px wider than the phone`)
      // the first series' colour and the tick labels against the dark page: 3:1 at least (WCAG's, for graphics)
      const [series, label, page] = await chart.evaluate((svg) => [
        getComputedStyle(svg.querySelector('[data-series] path')).stroke,
        getComputedStyle(svg.querySelector('text')).fill,
        getComputedStyle(document.body).backgroundColor,
      ])
      for (const [what, colour] of [['series', series], ['label', label]]) {
        const ratio = contrast(colour, page)
        if (!(ratio >= 3)) throw new Error(`the chart's ${what} colour ${colour} on ${page}: ${ratio.toFixed(2)}:1`)
      }
      await chart.scrollIntoViewIfNeeded()
      await screenshot(a, 'lab-phone-dark')
      await a.page.setViewportSize({ width: 1280, height: 900 })
      await a.page.emulateMedia({ colorScheme: 'light' })
    }, { required: false })

    await step('the app works at phone width and in dark mode', [b], async () => {
      await b.page.setViewportSize({ width: 390, height: 844 })
      await b.page.goto(`/${user1.username}`)
      await b.page.getByRole('navigation', { name: 'Main (bottom)' }).waitFor()
      await screenshot(b, 'phone-profile')
      await b.page.emulateMedia({ colorScheme: 'dark' })
      await b.page.goto('/')
      await b.page.getByRole('heading', { name: 'Home' }).waitFor()
      const background = await b.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      await screenshot(b, 'phone-home-dark')
      if (background !== 'rgb(21, 32, 43)') throw new Error(`dark background is ${background}, not #15202B`)
    }, { required: false })

    await step('user 2 signs out and in again', [b], async () => {
      await b.page.getByRole('navigation', { name: 'Main (bottom)' }).getByRole('button', { name: 'Sign out' }).click()
      await expectPath(b.page, '/login')
      await b.page.getByLabel('Username').fill(user2.username)
      await b.page.getByLabel('Password').fill(user2.password)
      await b.page.getByRole('button', { name: 'Sign in' }).click()
      await b.page.getByRole('heading', { name: 'Home' }).waitFor()
    }, { required: false, endpoints: ['POST /api/auth/logout', 'POST /api/auth/login'] })
  } catch (error) {
    if (!(error instanceof StopRun)) throw error
  } finally {
    await a.context.close()
    await b.context.close()
    await Promise.all(profiles.map((dir) => rm(dir, { recursive: true, force: true })))
  }

  // the whole story ran under the gateway's Content-Security-Policy: it must not have blocked anything
  const policy = (await fetch(BASE_URL).then((r) => r.headers.get('content-security-policy')).catch(() => null)) ?? ''
  const cspOk = cspViolations.length === 0 && policy.includes("default-src 'self'")
  results.push({ title: 'the app ran under its Content-Security-Policy without a violation', ok: cspOk })
  console.log(cspOk ? '✓ no Content-Security-Policy violation on any page'
    : `✗ Content-Security-Policy: ${policy ? [...new Set(cspViolations)].join('; ') : 'the gateway sent none'}`)

  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  console.log(`Screenshots: ${SCREENSHOTS}`)
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  return failed === 0 && results.length > 0
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(`✗ the end-to-end run could not go on: ${error?.stack ?? error}`)
    process.exit(1)
  },
)

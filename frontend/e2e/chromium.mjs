// How the browser checks start Debian's Chromium (never a downloaded browser): its path and the
// flags of a quiet headless run, for playwright-core (app.e2e.mjs, a11y.e2e.mjs) and for
// chrome-launcher (lighthouse.e2e.mjs).

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  // root in CI and in the containers: Chromium's sandbox needs user namespaces it does not have there
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

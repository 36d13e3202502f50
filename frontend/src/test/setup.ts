import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// jsdom has no layout and so cannot scroll; the router scrolls on every navigation.
window.scrollTo = () => {}

afterEach(() => {
  cleanup()
})

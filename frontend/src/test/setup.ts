import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'

import { FakeEventSource } from './fake-event-source'
import { FakeIntersectionObserver } from './fake-intersection-observer'

// Route tests load code-split route modules on first use; on a busy two-core CI machine that can
// take longer than findBy's default second.
configure({ asyncUtilTimeout: 5000 })

// jsdom has no layout and so cannot scroll; the router scrolls on every navigation.
window.scrollTo = () => {}

beforeEach(() => {
  // Browser APIs jsdom lacks: stand-ins that tests can drive.
  vi.stubGlobal('EventSource', FakeEventSource)
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
  URL.createObjectURL = () => 'blob:preview'
  URL.revokeObjectURL = () => {}
})

afterEach(() => {
  cleanup()
  FakeEventSource.instances = []
  FakeIntersectionObserver.instances = []
})

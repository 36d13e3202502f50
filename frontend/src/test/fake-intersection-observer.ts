/** A stand-in for IntersectionObserver: a test says when the observed elements come into view. */
export class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = []

  private readonly callback: IntersectionObserverCallback
  private readonly targets = new Set<Element>()

  constructor(callback: IntersectionObserverCallback) {
    this.callback = callback
    FakeIntersectionObserver.instances.push(this)
  }

  /** Reports every observed element as in view, as a browser would on scrolling to it. */
  static scrollIntoView() {
    for (const observer of FakeIntersectionObserver.instances) {
      const entries = [...observer.targets].map((target) => ({ target, isIntersecting: true }) as IntersectionObserverEntry)
      if (entries.length > 0) observer.callback(entries, observer as unknown as IntersectionObserver)
    }
  }

  observe(target: Element) {
    this.targets.add(target)
  }

  unobserve(target: Element) {
    this.targets.delete(target)
  }

  disconnect() {
    this.targets.clear()
  }

  takeRecords() {
    return []
  }
}

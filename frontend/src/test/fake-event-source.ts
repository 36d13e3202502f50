/** A stand-in for the browser's EventSource that a test drives with emit(). */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static instances: FakeEventSource[] = []

  readyState = FakeEventSource.OPEN

  readonly url: string
  closed = false

  constructor(url: string | URL) {
    super()
    this.url = String(url)
    FakeEventSource.instances.push(this)
  }

  /** The open stream at that URL, as the component under test opened it. */
  static at(url: string): FakeEventSource {
    const source = FakeEventSource.instances.find((s) => s.url === url && !s.closed)
    if (!source) throw new Error(`No open EventSource on ${url}`)
    return source
  }

  emit(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }))
  }

  /**
   * The server ended the stream (its lifetime is over) or the connection dropped: the browser
   * reconnects by itself, with Last-Event-ID, on the same EventSource.
   */
  end() {
    this.readyState = FakeEventSource.CONNECTING
    this.dispatchEvent(new Event('error'))
  }

  /** The server answered with an error status: the browser gives this stream up. */
  fail() {
    this.readyState = FakeEventSource.CLOSED
    this.closed = true
    this.dispatchEvent(new Event('error'))
  }

  close() {
    this.readyState = FakeEventSource.CLOSED
    this.closed = true
  }
}

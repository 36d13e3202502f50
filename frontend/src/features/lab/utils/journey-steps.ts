import { formatNumber } from '@/lib/format'

import { STEP_NAMES, type Journey, type StepName } from '../api/get-journey'

/** One line of "watch a tweet travel": what happened, how long after the tweet was accepted, and to whom. */
export type StepView = {
  name: StepName
  label: string
  /** done: it happened (afterMs set); waiting: not yet; none: the journey is over without it. */
  state: 'done' | 'waiting' | 'none'
  afterMs?: number
  detail?: string
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`
}

/**
 * The five steps of a tweet's journey, in order, from what the server has recorded so far.
 * `postMs` is how long the POST took as the browser measured it.
 */
export function journeySteps(journey: Journey | undefined, postMs?: number): StepView[] {
  const pulled = journey?.tier === 'celebrity'
  const delivery = journey?.delivery
  return STEP_NAMES.map((name) => {
    const step = journey?.steps.find((s) => s.name === name)
    const view: StepView = { name, label: label(name, pulled), state: step ? 'done' : journey?.done ? 'none' : 'waiting' }
    if (step) view.afterMs = step.afterMs
    if (name === 'accepted' && postMs !== undefined) view.detail = `the POST was answered in ${Math.round(postMs)} ms`
    if (name === 'fanoutStarted' && journey?.tier) view.detail = `${journey.tier} tier`
    if (name === 'visible' && view.state === 'none') {
      view.detail =
        delivery?.followers === 0
          ? 'the author has no followers yet'
          : delivery && delivery.skipped > 0
            ? 'no follower read in the last day: they catch up at their next read'
            : 'no follower has a cached timeline: theirs is rebuilt from PostgreSQL at their next read'
    }
    if (name === 'fanoutDone' && delivery) view.detail = deliveryText(pulled, delivery)
    return view
  })
}

function label(name: StepName, pulled: boolean): string {
  switch (name) {
    case 'accepted':
      return 'Accepted by tweet-service'
    case 'relayed':
      return 'Published to Kafka by the outbox relay'
    case 'fanoutStarted':
      return 'Reached the fanout worker'
    case 'visible':
      return pulled ? "In the author's recent list: visible to followers when they read" : "In a follower's home timeline"
    case 'fanoutDone':
      return pulled ? 'Fanout done: pulled at read time' : 'Fanout done'
  }
}

function deliveryText(pulled: boolean, d: NonNullable<Journey['delivery']>): string {
  if (pulled) return `not pushed: ${plural(d.pulled, 'follower')} pull it when they read`
  const parts = [`written to ${plural(d.written, "follower's timeline", "followers' timelines")} of ${formatNumber(d.followers)}`]
  if (d.skipped > 0) parts.push(`${formatNumber(d.skipped)} away (they catch up at their next read)`)
  if (d.uncached > 0) parts.push(`${formatNumber(d.uncached)} not cached (rebuilt at their next read)`)
  return parts.join('; ')
}

/** The journey is over: the fanout is done, or the server will record nothing more. */
export function journeyOver(journey: Journey | undefined): boolean {
  return journey?.done === true
}

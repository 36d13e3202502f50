type Actor = { displayName: string }

/**
 * Who did it, as a sentence starts: "Alice", "Alice and Bob", "Alice and 12 others".
 * `total` counts every actor, including those not in the list (a grouped notification
 * carries only the first few).
 */
export function describeActors(actors: Actor[], total = actors.length): string {
  const [first, second] = actors
  if (!first) return 'Someone'
  const count = Math.max(total, actors.length)
  if (count === 1) return first.displayName
  if (count === 2 && second) return `${first.displayName} and ${second.displayName}`
  const others = count - 1
  return `${first.displayName} and ${others} ${others === 1 ? 'other' : 'others'}`
}

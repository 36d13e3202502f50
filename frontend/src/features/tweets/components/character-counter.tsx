import { MAX_TWEET_LENGTH, type TweetLength } from '../utils/count-characters'

const RADIUS = 9
const CIRCUMFERENCE = 2 * Math.PI * RADIUS

/**
 * The ring that fills as the tweet grows: blue, then amber with the characters left for the
 * last 20, then red with how many are too many.
 */
export function CharacterCounter({ length, remaining, isTooLong }: TweetLength) {
  if (length === 0) return null
  const near = remaining <= 20
  const colour = isTooLong ? 'text-danger' : near ? 'text-warning' : 'text-accent'
  const filled = Math.min(length / MAX_TWEET_LENGTH, 1)

  return (
    <div className={`flex items-center gap-2 ${colour}`}>
      {near && (
        <span aria-live="polite" className="text-[13px] tabular-nums">
          <span className="sr-only">Characters left: </span>
          {remaining}
        </span>
      )}
      <svg viewBox="0 0 24 24" aria-hidden className={near ? 'size-7' : 'size-5'}>
        <circle cx="12" cy="12" r={RADIUS} fill="none" strokeWidth="2" className="stroke-line" />
        {!isTooLong && (
          <circle
            cx="12"
            cy="12"
            r={RADIUS}
            fill="none"
            strokeWidth="2"
            stroke="currentColor"
            strokeDasharray={CIRCUMFERENCE}
            strokeDashoffset={CIRCUMFERENCE * (1 - filled)}
            transform="rotate(-90 12 12)"
          />
        )}
      </svg>
    </div>
  )
}

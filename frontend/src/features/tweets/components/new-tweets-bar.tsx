import { ArrowUp } from 'lucide-react'

import { useNewHomeTweets } from '../hooks/use-new-home-tweets'

/** "Show 3 new tweets": the home timeline's live tweets, waiting until asked for. */
export function NewTweetsBar() {
  const { waiting, showWaiting } = useNewHomeTweets()
  const count = waiting.length

  if (count === 0) return null
  return (
    <button
      type="button"
      onClick={() => {
        showWaiting()
        window.scrollTo({ top: 0, behavior: 'smooth' })
      }}
      className="flex w-full items-center justify-center gap-2 border-b border-line py-3 text-accent hover:bg-subtle"
    >
      <ArrowUp aria-hidden className="size-4" />
      Show {count} new {count === 1 ? 'tweet' : 'tweets'}
    </button>
  )
}

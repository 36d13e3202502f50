import { useMutation, useQuery } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { CircleCheck, CircleDashed, CircleMinus } from 'lucide-react'
import { useId, useState } from 'react'

import { Button } from '@/components/ui/button'
import { ApiError } from '@/lib/api'

import { getJourney } from '../api/get-journey'
import { formatAmount } from '../utils/format'
import { journeyOver, journeySteps } from '../utils/journey-steps'

/** How long the page asks for the journey before it gives up (the worker keeps one for 2 minutes). */
const WATCH_MS = 20_000
const POLL_MS = 400

type TweetTravelProps = {
  /** Posts a tweet as the signed-in user (POST /api/tweets) and gives its id. */
  post: (content: string) => Promise<{ id: string }>
}

type Watched = { id: string; postMs: number; since: number }

/**
 * "Watch a tweet travel": post from here, then see each step of the tweet's way to its
 * followers with its time after tweet-service accepted it (GET /api/lab/journey/{id}, polled
 * until the fanout is done).
 */
export function TweetTravel({ post }: TweetTravelProps) {
  const [text, setText] = useState('')
  const [watched, setWatched] = useState<Watched | null>(null)
  const fieldId = useId()
  const errorId = useId()

  const posting = useMutation({
    mutationFn: async (content: string) => {
      const started = performance.now()
      const tweet = await post(content)
      return { id: tweet.id, postMs: performance.now() - started, since: Date.now() }
    },
    onSuccess: (posted) => {
      setWatched(posted)
      setText('')
    },
  })

  const journey = useQuery({
    queryKey: ['lab', 'journey', watched?.id],
    queryFn: () => getJourney(watched!.id),
    enabled: watched !== null,
    refetchInterval: (query) =>
      journeyOver(query.state.data) || !watched || Date.now() - watched.since > WATCH_MS ? false : POLL_MS,
  })

  const over = journeyOver(journey.data)
  const gaveUp = watched !== null && !over && !journey.isFetching && Date.now() - watched.since > WATCH_MS
  const steps = journeySteps(journey.data, watched?.postMs)

  return (
    <div className="space-y-3 px-4 pb-4">
      <form
        aria-label="Watch a tweet travel"
        onSubmit={(event) => {
          event.preventDefault()
          if (text.trim() !== '' && !posting.isPending) posting.mutate(text)
        }}
        className="space-y-2"
      >
        <label htmlFor={fieldId} className="block text-[13px] text-muted">
          Post a tweet as yourself, then follow it from the POST to your followers&apos; timelines.
        </label>
        <textarea
          id={fieldId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={280}
          rows={2}
          placeholder="Tweet to watch"
          aria-describedby={posting.error ? errorId : undefined}
          className="w-full resize-none rounded-md border border-muted/40 bg-page px-3 py-2 text-ink placeholder:text-muted focus:outline-none focus-visible:ring-1"
        />
        {posting.error && (
          <p id={errorId} role="alert" className="text-[13px] text-danger">
            {posting.error instanceof ApiError ? (posting.error.detail ?? posting.error.title) : 'Could not post. Try again.'}
          </p>
        )}
        <Button type="submit" disabled={text.trim() === '' || posting.isPending}>
          Post and watch
        </Button>
      </form>

      {watched && (
        <>
          <ol aria-label="The tweet's journey" className="space-y-2">
            {steps.map((step) => (
              <li key={step.name} data-step={step.name} data-state={step.state} className="flex gap-3 rounded-2xl border border-line p-3">
                {step.state === 'done' ? (
                  <CircleCheck aria-hidden className="mt-0.5 size-5 shrink-0 text-ink" />
                ) : step.state === 'none' ? (
                  <CircleMinus aria-hidden className="mt-0.5 size-5 shrink-0 text-muted" />
                ) : (
                  <CircleDashed aria-hidden className="mt-0.5 size-5 shrink-0 animate-spin text-muted motion-reduce:animate-none" />
                )}
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap justify-between gap-x-3">
                    <span className="font-bold">{step.label}</span>
                    <span className="tabular-nums text-muted">
                      {step.afterMs !== undefined ? (
                        <>
                          <span className="sr-only">after </span>
                          {step.name === 'accepted' ? '0 ms' : `+${formatAmount(step.afterMs)} ms`}
                        </>
                      ) : step.state === 'waiting' ? (
                        'waiting…'
                      ) : (
                        'did not happen'
                      )}
                    </span>
                  </p>
                  {step.detail && <p className="text-[13px] text-muted">{step.detail}</p>}
                </div>
              </li>
            ))}
          </ol>
          <p className="text-[13px] text-muted">
            Times are after tweet-service accepted the tweet (its id&apos;s time).{' '}
            <Link to="/i/status/$tweetId" params={{ tweetId: watched.id }} className="underline">
              Open the tweet
            </Link>
          </p>
          {journey.error && (
            <p role="alert" className="text-[13px] text-danger">
              {journey.error instanceof ApiError ? (journey.error.detail ?? journey.error.title) : 'Could not ask for the journey.'}
            </p>
          )}
          {gaveUp && (
            <p role="alert" className="text-[13px] text-muted">
              No journey was recorded within {WATCH_MS / 1000} s: is the fanout worker running? (It keeps each tweet&apos;s
              journey for 2 minutes.)
            </p>
          )}
        </>
      )}
    </div>
  )
}

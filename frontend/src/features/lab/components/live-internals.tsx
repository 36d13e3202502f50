import { useQuery } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'

import { ErrorState } from '@/components/ui/states'
import { Spinner } from '@/components/ui/spinner'
import { formatNumber } from '@/lib/format'

import { internalsQueryOptions, type Internals } from '../api/get-internals'
import { TIERS } from '../utils/chart-data'
import { formatAmount, formatShare } from '../utils/format'
import { liveRates } from '../utils/live-rates'

/** How many answers the rates are taken over: 6 polls, about 10 s. */
const KEPT = 6

const time = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

/**
 * The running system's fanout, polled every 2 s: backlog, timeline writes per second, how home
 * reads were served, accounts per tier. Rates are taken between the answers of the last 10 s.
 */
export function LiveInternals() {
  const query = useQuery(internalsQueryOptions)
  const [samples, setSamples] = useState<Internals[]>([])
  const latest = query.data

  useEffect(() => {
    if (!latest) return
    setSamples((kept) => (kept.at(-1)?.at === latest.at ? kept : [...kept, latest].slice(-KEPT)))
  }, [latest])

  if (query.isPending) return <Spinner label="Loading the live figures" />
  if (!latest) return <ErrorState error={query.error} what="the live figures" onRetry={() => void query.refetch()} />

  const rates = liveRates(samples)
  const { fanout, homeReads, authors } = latest
  const waiting = 'measuring…'
  const span = rates.readsSeconds ?? rates.fanoutSeconds
  return (
    <div className="space-y-4 px-4 pb-4">
      <p className="text-[13px] text-muted">
        Updated <time dateTime={latest.at}>{time.format(new Date(latest.at))}</time>
        {query.isError && ' (the last poll failed; showing the one before)'}.{' '}
        {span === null ? 'Rates from the next poll on.' : `Rates over the last ${formatAmount(span)} s.`}
      </p>
      <dl className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2">
        <Figure
          label="Fanout backlog"
          value={fanout ? `${formatNumber(fanout.backlog)} ${fanout.backlog === 1 ? 'event' : 'events'}` : 'no worker'}
          hint="events the fanout workers have not processed yet (their consumer lag, measured every 5 s)"
        />
        <Figure
          label="Timeline writes per second"
          value={rates.writesPerSecond === null ? (fanout ? waiting : 'no worker') : formatAmount(rates.writesPerSecond)}
          hint={
            fanout
              ? `${formatNumber(fanout.workers)} ${fanout.workers === 1 ? 'worker' : 'workers'}; ${formatNumber(fanout.writes)} since they started, ${formatAmount(rates.skippedPerSecond ?? 0)}/s skipped as away`
              : 'no fanout worker is publishing its figures'
          }
        />
        <Figure
          label="Cache hit rate of home reads"
          value={rates.cacheHitRate === null ? (rates.readsPerSecond === 0 ? 'no reads' : waiting) : formatShare(rates.cacheHitRate)}
          hint="reads whose timeline was in Valkey (a rebuild from PostgreSQL is a miss)"
        />
        <Figure
          label="Pull share of home reads"
          value={rates.pullShare === null ? (rates.readsPerSecond === 0 ? 'no reads' : waiting) : formatShare(rates.pullShare)}
          hint="reads that merged in celebrities' recent lists at read time"
        />
        <Figure
          label="Home reads per second"
          value={rates.readsPerSecond === null ? waiting : formatAmount(rates.readsPerSecond)}
          hint={homeReads ? `${formatNumber(homeReads.total)} since the services started` : 'no timeline-service publishing'}
        />
        <Figure
          label="Home reads since start"
          value={homeReads ? formatNumber(homeReads.total) : '–'}
          hint={
            homeReads
              ? `cache ${formatNumber(homeReads.byPath.cache ?? 0)}, catch-up ${formatNumber(homeReads.byPath.catch_up ?? 0)}, rebuilt ${formatNumber(homeReads.byPath.rebuild ?? 0)}, PostgreSQL only ${formatNumber(homeReads.byPath.postgres ?? 0)}`
              : ''
          }
        />
      </dl>
      <table className="w-full text-left text-[15px]">
        <caption className="mb-1 text-left font-bold">Authors in each tier</caption>
        <thead className="text-[13px] text-muted">
          <tr>
            <th scope="col" className="font-normal">
              tier
            </th>
            <th scope="col" className="text-right font-normal">
              accounts
            </th>
            <th scope="col" className="text-right font-normal">
              tweets fanned out since start
            </th>
          </tr>
        </thead>
        <tbody>
          {TIERS.map((tier) => (
            <tr key={tier} className="border-t border-line">
              <th scope="row" className="py-1 font-normal">
                {tier}
              </th>
              <td className="text-right tabular-nums">{authors ? formatNumber(authors[tier]) : '–'}</td>
              <td className="text-right tabular-nums">{fanout ? formatNumber(fanout.tweets[tier] ?? 0) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint: string }) {
  return (
    <div className="rounded-2xl border border-line p-3">
      <dt className="text-[13px] text-muted">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums">{value}</dd>
      {hint && <dd className="text-[13px] text-muted">{hint}</dd>}
    </div>
  )
}

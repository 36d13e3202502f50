import { BarChart } from '@/components/charts/bar-chart'
import { LineChart } from '@/components/charts/line-chart'
import { formatNumber } from '@/lib/format'

import type { LabRunFile } from '../lab-run'
import { burstDelays, memory, p99Lines, writesByTier } from '../utils/chart-data'
import { segments } from '../utils/findings'
import { formatAmount, formatShort } from '../utils/format'

/** The last fanout lab run (scripts/lab.sh): what it ran on, four charts, and what the figures say. */
export function LabRunSection({ file }: { file: LabRunFile }) {
  if (file.state === 'none') {
    return (
      <p className="px-4 pb-4 text-muted">
        This build has no lab run. Run <code>scripts/lab.sh</code>, then <code>scripts/run.sh</code> to build the app again
        with its results.
      </p>
    )
  }
  if (file.state === 'unreadable') {
    return (
      <p role="alert" className="px-4 pb-4 text-muted">
        The lab run in this build cannot be read ({file.problem}). Run <code>scripts/lab.sh</code> again.
      </p>
    )
  }
  const { run } = file
  const modes = run.modes.map((m) => m.name)
  return (
    <div className="space-y-4 px-4 pb-4">
      <p className="text-[13px] text-muted">
        Run {run.date.replace('T', ' ')}: {formatNumber(run.users)} users, {formatNumber(run.follows)} follows (
        {formatAmount(run.meanFollowing)} followed on average), {formatNumber(run.readers)} readers. Celebrities from{' '}
        {formatNumber(run.celebrityThreshold)} followers, influencers from {formatNumber(run.influencerThreshold)}.{' '}
        {run.machine}.
      </p>
      <dl className="grid grid-cols-1 gap-1 text-[13px] sm:grid-cols-2">
        {run.modes.map((m) => (
          <div key={m.name}>
            <dt className="inline font-bold">{m.name}: </dt>
            <dd className="inline text-muted">{m.description}</dd>
          </div>
        ))}
      </dl>
      <LineChart
        title="Home reads: p99 against offered rate"
        description={`p99 latency of home timeline reads at each offered rate, per mode (${modes.join(', ')}); log scale.`}
        xLabel="offered rate (reads/s)"
        yLabel="p99 (ms)"
        series={p99Lines(run)}
        logY
        formatY={formatAmount}
      />
      <BarChart
        title="Timeline writes per tweet, by author tier"
        description="Timeline entries written for each tweet, per mode and tier of author."
        groups={modes}
        series={writesByTier(run)}
        yLabel="entries per tweet"
        format={formatShort}
      />
      <BarChart
        title="Valkey memory after each mode's tweets"
        description="Valkey's used memory after each mode's tweets, in MB."
        groups={modes}
        series={memory(run)}
        yLabel="MB"
        format={formatAmount}
      />
      <BarChart
        title="Ordinary tweets posted just after a very large account's"
        description="How long ordinary tweets on the same Kafka partition took to reach a follower right after a very large account posted, and the large account's own tweet, per mode, in milliseconds."
        groups={modes}
        series={burstDelays(run)}
        yLabel="delivery (ms)"
        format={formatShort}
      />
      <section aria-labelledby="lab-findings">
        <h3 id="lab-findings" className="mb-2 text-lg font-bold">
          What the figures say
        </h3>
        <ul className="space-y-2">
          {run.findings.map((finding, i) => (
            <li key={i}>
              {segments(finding).map((s, j) => (s.strong ? <strong key={j}>{s.text}</strong> : <span key={j}>{s.text}</span>))}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

import { createFileRoute } from '@tanstack/react-router'
import type { ReactNode } from 'react'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { SectionBoundary } from '@/components/ui/section-boundary'
import { LabRunSection } from '@/features/lab/components/lab-run-section'
import { LiveInternals } from '@/features/lab/components/live-internals'
import { TweetTravel } from '@/features/lab/components/tweet-travel'
import { labRunFile } from '@/features/lab/lab-run'
import { createTweet } from '@/features/tweets/api/create-tweet'

/** The fanout trade-off: the last lab run's figures, the running system's, and one tweet's way through it. */
export const Route = createFileRoute('/_authed/lab')({
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: LabPage,
})

const SECTIONS = [
  { id: 'lab-run', title: 'The last lab run' },
  { id: 'lab-live', title: 'Live internals' },
  { id: 'lab-travel', title: 'Watch a tweet travel' },
] as const

function LabPage() {
  return (
    <>
      <PageHeader title="Lab" subtitle="Fanout: push, pull, and the tiers in between" />
      <nav aria-label="On this page" className="border-b border-line px-4 py-2 text-[13px]">
        <ul className="flex flex-wrap gap-x-4">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className="underline">
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Section {...SECTIONS[0]}>
        <LabRunSection file={labRunFile} />
      </Section>
      <Section {...SECTIONS[1]}>
        <SectionBoundary what="the live figures">
          <LiveInternals />
        </SectionBoundary>
      </Section>
      <Section {...SECTIONS[2]}>
        <SectionBoundary what="the tweet's journey">
          <TweetTravel post={(content) => createTweet({ content }, crypto.randomUUID())} />
        </SectionBoundary>
      </Section>
    </>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-16 border-b border-line">
      <h2 id={`${id}-heading`} className="px-4 py-3 text-xl font-extrabold">
        {title}
      </h2>
      {children}
    </section>
  )
}

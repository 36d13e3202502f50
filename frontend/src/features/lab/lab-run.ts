import { z } from '@/lib/zod'

/*
 * The last fanout lab run (scripts/lab.sh writes bench/results/lab-latest.json; its shape is
 * bench's Lab.Result record). Imported when the app is built, so a rerun shows once the app is
 * built again (scripts/run.sh rebuilds when the file changed). A build without a run has none.
 */

const tierNumbers = z.record(z.string(), z.number())

const readsSchema = z.object({
  rate: z.number(),
  p50: z.number(),
  p99: z.number(),
  errors: z.number(),
  requests: z.number(),
})

const deliverySchema = z.object({ samples: z.number(), p50: z.number(), p99: z.number(), max: z.number() })

const burstSchema = z.object({
  followersOfBigAccount: z.number(),
  ordinaryTweets: z.number(),
  bigTweetDeliveredMs: z.number(),
  ordinaryDelaysMs: z.array(z.number()),
  ordinaryP50: z.number(),
  ordinaryMax: z.number(),
  maxBacklog: z.number(),
  drainedMs: z.number(),
})

const modeSchema = z.object({
  name: z.string(),
  description: z.string(),
  reads: z.array(readsSchema),
  writesPerTweet: z.number(),
  writesPerTweetByTier: tierNumbers,
  skippedPerTweetByTier: tierNumbers,
  valkeyBytesBefore: z.number(),
  valkeyBytesAfter: z.number(),
  visibleByTier: z.record(z.string(), deliverySchema),
  burst: burstSchema,
})

export const labRunSchema = z.object({
  date: z.string(),
  machine: z.string(),
  users: z.number(),
  follows: z.number(),
  meanFollowing: z.number(),
  readers: z.number(),
  awayShare: z.number(),
  celebrityThreshold: z.number(),
  influencerThreshold: z.number(),
  authorsPerTier: tierNumbers,
  modes: z.array(modeSchema),
  findings: z.array(z.string()),
})

export type LabRun = z.infer<typeof labRunSchema>
export type LabMode = z.infer<typeof modeSchema>

/** What the build found: the run, none, or a file this app cannot read (an older or newer shape). */
export type LabRunFile = { state: 'run'; run: LabRun } | { state: 'none' } | { state: 'unreadable'; problem: string }

/** Reads the build's copy of lab-latest.json (the files the glob matched: none or one). */
export function readLabRun(files: Record<string, unknown>): LabRunFile {
  const [json] = Object.values(files)
  if (json === undefined) return { state: 'none' }
  const parsed = labRunSchema.safeParse(json)
  return parsed.success
    ? { state: 'run', run: parsed.data }
    : { state: 'unreadable', problem: parsed.error.issues[0]?.message ?? 'unexpected shape' }
}

export const labRunFile: LabRunFile = readLabRun(
  import.meta.glob('../../../../bench/results/lab-latest.json', { eager: true, import: 'default' }),
)

import type { LabRun } from '@/features/lab/lab-run'

function mode(name: string, p99: number[], writes: [number, number, number], mb: number, burst: [number, number, number]) {
  return {
    name,
    description: `${name} mode`,
    reads: p99.map((value, i) => ({ rate: [100, 250, 500][i]!, p50: value / 3, p99: value, errors: 0, requests: 600 })),
    writesPerTweet: (writes[0] + writes[1] + writes[2]) / 3,
    writesPerTweetByTier: { normal: writes[0], influencer: writes[1], celebrity: writes[2] },
    skippedPerTweetByTier: { normal: 0, influencer: name === 'tiered' ? 700 : 0, celebrity: 0 },
    valkeyBytesBefore: 40 * 1024 * 1024,
    valkeyBytesAfter: mb * 1024 * 1024,
    visibleByTier: { normal: { samples: 6, p50: 8, p99: 12, max: 12 } },
    burst: {
      followersOfBigAccount: 5000,
      ordinaryTweets: 8,
      partition: 2,
      bigTweetDeliveredMs: burst[2],
      ordinaryDelaysMs: [burst[0], burst[1]],
      ordinaryP50: burst[0],
      ordinaryMax: burst[1],
      maxBacklog: 9,
      drainedMs: burst[1] + 5,
    },
  }
}

/** A lab run in the shape scripts/lab.sh writes (bench's Lab.Result), small. */
export const labRunSample: LabRun = {
  date: '2026-12-01T22:00:00',
  machine: '2 cores, Linux amd64, Java 25; the whole suite and this load generator share it',
  users: 3000,
  follows: 45000,
  meanFollowing: 15,
  readers: 300,
  awayShare: 0.9,
  celebrityThreshold: 900,
  influencerThreshold: 120,
  authorsPerTier: { normal: 2937, influencer: 60, celebrity: 3 },
  modes: [
    mode('push', [4, 6, 9], [15, 300, 1500], 60, [120, 240, 260]),
    mode('pull', [9, 30, 80], [1, 1, 1], 42, [8, 12, 6]),
    mode('hybrid', [5, 7, 11], [15, 300, 1], 50, [9, 14, 5]),
    mode('tiered', [5, 7, 12], [15, 40, 1], 47, [9, 13, 5]),
  ],
  findings: ['**Write amplification.** Pure push wrote 600 timeline entries per tweet.', 'No emphasis here.'],
}

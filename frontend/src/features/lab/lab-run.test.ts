import { describe, expect, it } from 'vitest'

import { labRunSample } from '@/test/lab-run-sample'

import { readLabRun } from './lab-run'
import { burstDelays, memory, p99Lines, writesByTier } from './utils/chart-data'

describe('the lab run the build found', () => {
  it('is read when it has the shape scripts/lab.sh writes', () => {
    const file = readLabRun({ '../../../../bench/results/lab-latest.json': JSON.parse(JSON.stringify(labRunSample)) })
    expect(file.state).toBe('run')
    if (file.state !== 'run') return
    expect(file.run.users).toBe(3000)
    expect(file.run.modes.map((m) => m.name)).toEqual(['push', 'pull', 'hybrid', 'tiered'])
    expect(file.run.modes[0]!.burst.ordinaryP50).toBe(120)
    expect(file.run.findings).toEqual(labRunSample.findings)
  })

  it('is none when the build had no lab-latest.json', () => {
    expect(readLabRun({})).toEqual({ state: 'none' })
  })

  it('is unreadable, not a crash, when its shape is another', () => {
    const file = readLabRun({ 'lab-latest.json': { date: '2026-12-01', modes: 'four' } })
    expect(file.state).toBe('unreadable')
  })
})

describe("the charts' figures", () => {
  it('has a p99 line per mode, a point per rate measured', () => {
    const lines = p99Lines(labRunSample)
    expect(lines.map((l) => l.name)).toEqual(['push', 'pull', 'hybrid', 'tiered'])
    expect(lines[1]!.points).toEqual([
      { x: 100, y: 9 },
      { x: 250, y: 30 },
      { x: 500, y: 80 },
    ])
  })

  it('has writes per tweet by tier, memory in MB and the burst delays, a value per mode', () => {
    expect(writesByTier(labRunSample)).toEqual([
      { name: 'normal', values: [15, 1, 15, 15] },
      { name: 'influencer', values: [300, 1, 300, 40] },
      { name: 'celebrity', values: [1500, 1, 1, 1] },
    ])
    expect(memory(labRunSample)[0]!.values).toEqual([60, 42, 50, 47])
    expect(burstDelays(labRunSample).map((s) => s.values)).toEqual([
      [120, 8, 9, 9],
      [240, 12, 14, 13],
      [260, 6, 5, 5],
    ])
  })
})

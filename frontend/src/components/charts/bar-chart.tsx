import { scaleBand, scaleLinear } from 'd3-scale'

import { ChartFrame, YAxis, type PlotSize } from './chart-frame'
import { seriesClass } from './series'

export type BarSeries = { name: string; values: number[] }

type BarChartProps = {
  title: string
  description: string
  /** The groups along the x axis; each series has a value per group. */
  groups: string[]
  series: BarSeries[]
  yLabel: string
  format?: (value: number) => string
}

const HEIGHT = 240
const MARGIN = { top: 16, right: 8, bottom: 28, left: 52 }

/** Grouped bars, each with its value above it where there is room. */
export function BarChart({ title, description, groups, series, yLabel, format = String }: BarChartProps) {
  return (
    <ChartFrame
      title={title}
      description={description}
      series={series.map((s) => s.name)}
      table={{
        columns: ['', ...series.map((s) => s.name)],
        rows: groups.map((group, g) => [group, ...series.map((s) => format(s.values[g] ?? 0))]),
      }}
      height={HEIGHT}
      margin={MARGIN}
    >
      {(size) => <Bars {...size} groups={groups} series={series} yLabel={yLabel} format={format} />}
    </ChartFrame>
  )
}

function Bars({ innerWidth, innerHeight, groups, series, yLabel, format }: PlotSize & Required<Omit<BarChartProps, 'title' | 'description'>>) {
  const x = scaleBand().domain(groups).range([0, innerWidth]).paddingInner(0.25).paddingOuter(0.1)
  const inner = scaleBand()
    .domain(series.map((s) => s.name))
    .range([0, x.bandwidth()])
    .padding(0.08)
  const y = scaleLinear()
    .domain([0, Math.max(1, ...series.flatMap((s) => s.values))])
    .nice()
    .range([innerHeight, 0])
  // at most 48 px wide, centred in its slot (one series alone would fill the group)
  const barWidth = Math.min(48, inner.bandwidth())

  return (
    <>
      <YAxis ticks={y.ticks(4)} y={y} label={yLabel} margin={MARGIN} format={format} innerWidth={innerWidth} innerHeight={innerHeight} />
      {groups.map((group, g) => (
        <g key={group} transform={`translate(${x(group) ?? 0},0)`}>
          {series.map((s, index) => {
            const value = s.values[g] ?? 0
            const left = (inner(s.name) ?? 0) + (inner.bandwidth() - barWidth) / 2
            return (
              <g key={s.name} className={seriesClass(index)} data-series={s.name}>
                <rect x={left} y={y(value)} width={barWidth} height={Math.max(0, innerHeight - y(value))} className="chart-fill">
                  <title>{`${group}, ${s.name}: ${format(value)}`}</title>
                </rect>
                {barWidth >= 14 && (
                  <text x={left + barWidth / 2} y={y(value) - 4} textAnchor="middle" className="fill-ink text-[10px]">
                    {format(value)}
                  </text>
                )}
              </g>
            )
          })}
          <text x={x.bandwidth() / 2} y={innerHeight + 18} textAnchor="middle" className="fill-ink">
            {group}
          </text>
        </g>
      ))}
    </>
  )
}

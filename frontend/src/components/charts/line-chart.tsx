import { scaleLinear, scaleLog } from 'd3-scale'

import { ChartFrame, YAxis, type PlotSize } from './chart-frame'
import { DASHES, seriesClass } from './series'

export type LineSeries = { name: string; points: { x: number; y: number }[] }

type LineChartProps = {
  title: string
  description: string
  xLabel: string
  yLabel: string
  series: LineSeries[]
  /** A log scale for y (values that span decades, like latencies). */
  logY?: boolean
  formatY?: (value: number) => string
}

const HEIGHT = 260
const MARGIN = { top: 12, right: 16, bottom: 40, left: 52 }

/** Lines with a marker at each point. */
export function LineChart({ title, description, xLabel, yLabel, series, logY = false, formatY = String }: LineChartProps) {
  return (
    <ChartFrame
      title={title}
      description={description}
      series={series.map((s) => s.name)}
      table={{
        columns: ['series', xLabel, yLabel],
        rows: series.flatMap((s) => s.points.map((p) => [s.name, p.x, formatY(p.y)])),
      }}
      height={HEIGHT}
      margin={MARGIN}
    >
      {(size) => <Lines {...size} series={series} xLabel={xLabel} yLabel={yLabel} logY={logY} formatY={formatY} />}
    </ChartFrame>
  )
}

function Lines({
  innerWidth,
  innerHeight,
  series,
  xLabel,
  yLabel,
  logY,
  formatY,
}: PlotSize & Required<Omit<LineChartProps, 'title' | 'description'>>) {
  const points = series.flatMap((s) => s.points)
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  const x = scaleLinear()
    .domain([Math.min(0, ...xs), Math.max(1, ...xs)])
    .nice()
    .range([0, innerWidth])
  const y = logY
    ? scaleLog()
        .domain([Math.max(0.1, Math.min(...ys) * 0.8), Math.max(1, Math.max(...ys) * 1.25)])
        .range([innerHeight, 0])
    : scaleLinear()
        .domain([0, Math.max(1, ...ys)])
        .nice()
        .range([innerHeight, 0])
  // on a log scale, the 1-2-5 steps of each decade
  const yTicks = logY ? y.ticks().filter((t) => [1, 2, 5].includes(Math.round(t / 10 ** Math.floor(Math.log10(t))))) : y.ticks(5)

  return (
    <>
      <YAxis ticks={yTicks} y={y} label={yLabel} margin={MARGIN} format={formatY} innerWidth={innerWidth} innerHeight={innerHeight} />
      {x.ticks(Math.max(2, Math.floor(innerWidth / 80))).map((t) => (
        <text key={t} x={x(t)} y={innerHeight + 16} textAnchor="middle" className="fill-muted">
          {t}
        </text>
      ))}
      <text x={innerWidth / 2} y={innerHeight + 34} textAnchor="middle" className="fill-muted">
        {xLabel}
      </text>
      {series.map((s, index) => (
        <g key={s.name} className={seriesClass(index)} data-series={s.name}>
          <path
            d={s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x)},${y(p.y)}`).join('')}
            strokeWidth={2}
            strokeDasharray={DASHES[index % DASHES.length]}
            className="chart-stroke"
          />
          {s.points.map((p) => (
            <circle key={p.x} cx={x(p.x)} cy={y(p.y)} r={3.5} className="chart-fill">
              <title>{`${s.name}, ${p.x}: ${formatY(p.y)}`}</title>
            </circle>
          ))}
        </g>
      ))}
    </>
  )
}

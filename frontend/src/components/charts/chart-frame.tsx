import { useId, type ReactNode } from 'react'

import './charts.css'
import { seriesClass } from './series'
import { useWidth } from './use-width'

export type Margin = { top: number; right: number; bottom: number; left: number }

/** The plotting area's size, inside the margins. */
export type PlotSize = { innerWidth: number; innerHeight: number }

type ChartFrameProps = {
  title: string
  /** What the chart shows, in words: the picture's text alternative. */
  description: string
  series: string[]
  /** The figures as a table for screen readers: column headings, then rows. */
  table: { columns: string[]; rows: (string | number)[][] }
  height: number
  margin: Margin
  /** The drawing inside the margins, at the size the chart is shown at. */
  children: (size: PlotSize) => ReactNode
}

/**
 * A chart: its caption, the SVG drawn at the width it is shown at (a phone keeps readable
 * labels), its legend, and its figures as a (visually hidden) table.
 */
export function ChartFrame({ title, description, series, table, height, margin, children }: ChartFrameProps) {
  const titleId = useId()
  const descriptionId = useId()
  const { ref, width } = useWidth<HTMLDivElement>(560)
  const size = { innerWidth: Math.max(120, width - margin.left - margin.right), innerHeight: height - margin.top - margin.bottom }
  return (
    <figure className="rounded-2xl border border-line p-3">
      <figcaption id={titleId} className="mb-2 font-bold">
        {title}
      </figcaption>
      <p id={descriptionId} className="sr-only">
        {description}
      </p>
      <div ref={ref}>
        <svg
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descriptionId}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          className="block max-w-full text-[11px]"
        >
          <g transform={`translate(${margin.left},${margin.top})`}>{children(size)}</g>
        </svg>
      </div>
      <ul aria-label={`${title}: legend`} className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-[13px] text-muted">
        {series.map((name, index) => (
          <li key={name} className={`flex items-center gap-1.5 ${seriesClass(index)}`}>
            <span aria-hidden className="chart-swatch inline-block size-3 rounded-sm" />
            {name}
          </li>
        ))}
      </ul>
      {/* a table ignores sr-only's 1 px width (it grows to its content): its wrapper hides it */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, column) => (
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}

type YAxisProps = PlotSize & {
  ticks: number[]
  /** A tick's height in the plot. */
  y: (value: number) => number
  label: string
  margin: Margin
  format: (value: number) => string
}

/** The value axis: a grid line and a label per tick, and the axis' name along its side. */
export function YAxis({ ticks, y, label, margin, format, innerWidth, innerHeight }: YAxisProps) {
  return (
    <>
      {ticks.map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`}>
          <line x2={innerWidth} className="stroke-line" />
          <text x={-6} dy="0.32em" textAnchor="end" className="fill-muted">
            {format(t)}
          </text>
        </g>
      ))}
      <text transform={`translate(${-margin.left + 12},${innerHeight / 2}) rotate(-90)`} textAnchor="middle" className="fill-muted">
        {label}
      </text>
      <line y1={innerHeight} y2={innerHeight} x2={innerWidth} className="stroke-muted" />
    </>
  )
}

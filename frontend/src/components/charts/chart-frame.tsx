import { useId, type ReactNode } from 'react'

import './charts.css'
import { seriesClass } from './series'

type ChartFrameProps = {
  title: string
  /** What the chart shows, in words: the picture's text alternative. */
  description: string
  series: string[]
  /** The figures as a table for screen readers: column headings, then rows. */
  table: { columns: string[]; rows: (string | number)[][] }
  /** The drawing; it gets the ids of the title and description. */
  children: (ids: { titleId: string; descriptionId: string }) => ReactNode
}

/** A chart with its caption, legend, and its figures as a (visually hidden) table. */
export function ChartFrame({ title, description, series, table, children }: ChartFrameProps) {
  const titleId = useId()
  const descriptionId = useId()
  return (
    <figure className="rounded-2xl border border-line p-3">
      <figcaption id={titleId} className="mb-2 font-bold">
        {title}
      </figcaption>
      <p id={descriptionId} className="sr-only">
        {description}
      </p>
      {children({ titleId, descriptionId })}
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

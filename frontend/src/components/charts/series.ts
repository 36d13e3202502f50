/** The class that gives series number `index` its colour (charts.css), in the order series are drawn. */
export function seriesClass(index: number): string {
  return `chart-series-${(index % 4) + 1}`
}

/** Dash patterns, so that lines differ by more than colour. */
export const DASHES = [undefined, '6 3', '2 3', '8 3 2 3'] as const

export type Datum = { label: string; value: string }

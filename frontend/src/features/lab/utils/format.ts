const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 })
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })

/** 0.4, 12, 1,250: milliseconds and rates, with a decimal only where it says something. */
export function formatAmount(value: number): string {
  return Math.abs(value) < 10 ? decimal.format(value) : whole.format(value)
}

/** 980, 12K, 3.4M: counts on a chart, where room is short. */
export function formatShort(value: number): string {
  return Math.abs(value) < 1000 ? decimal.format(value) : compact.format(value)
}

export function formatShare(share: number): string {
  return percent.format(share)
}

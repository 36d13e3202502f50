const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en')
const monthDay = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' })
const monthDayYear = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric' })
const full = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
const monthYear = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric' })

/** 999, 1.2K, 3.4M: the counts under a tweet. */
export function formatCount(count: number): string {
  return count < 10_000 ? whole.format(count) : compact.format(count)
}

/** 1,234: exact counts, where there is room (profile, trends). */
export function formatNumber(count: number): string {
  return whole.format(count)
}

/** A tweet's age as a timeline shows it: 12s, 5m, 3h, then the date. */
export function formatRelativeTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso)
  const seconds = Math.max(0, Math.floor((now.getTime() - date.getTime()) / 1000))
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`
  return date.getFullYear() === now.getFullYear() ? monthDay.format(date) : monthDayYear.format(date)
}

export function formatDateTime(iso: string): string {
  return full.format(new Date(iso))
}

export function formatJoined(iso: string): string {
  return `Joined ${monthYear.format(new Date(iso))}`
}

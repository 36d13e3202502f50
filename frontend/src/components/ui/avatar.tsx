type AvatarProps = {
  user: { username: string; displayName: string; avatarUrl?: string | null }
  size?: 'sm' | 'md' | 'lg' | 'xl'
}

const sizes = {
  sm: 'size-8 text-sm',
  md: 'size-10 text-base',
  lg: 'size-12 text-lg',
  xl: 'size-24 text-4xl sm:size-32 sm:text-5xl',
}

/** The user's picture, or their initial on a colour of their own when they have none. */
export function Avatar({ user, size = 'md' }: AvatarProps) {
  const className = `${sizes[size]} shrink-0 rounded-full`
  if (user.avatarUrl) {
    return <img src={user.avatarUrl} alt={`@${user.username}`} className={`${className} bg-subtle object-cover`} />
  }
  const initial = [...(user.displayName || user.username)][0]?.toUpperCase() ?? '?'
  return (
    <span
      role="img"
      aria-label={`@${user.username}`}
      className={`${className} flex items-center justify-center font-bold text-white select-none`}
      style={{ backgroundColor: colourOf(user.username) }}
    >
      {initial}
    </span>
  )
}

function colourOf(username: string): string {
  let hash = 0
  for (const char of username.toLowerCase()) {
    hash = (hash * 31 + char.charCodeAt(0)) % 360
  }
  return `hsl(${hash} 55% 45%)`
}

import { Link, type LinkProps } from '@tanstack/react-router'
import { Bell, FlaskConical, Hash, House, LogOut, User as UserIcon, type LucideIcon } from 'lucide-react'
import type { ReactNode } from 'react'

import { Avatar } from '@/components/ui/avatar'
import { useMediaQuery } from '@/hooks/use-media-query'
import { Logo } from '@/components/ui/logo'
import type { User } from '@/lib/schemas'

type AppShellProps = {
  viewer: User
  /** Shown on the Notifications item: the live unread count. */
  notificationsBadge: ReactNode
  onSignOut: () => void
  /** The right column on wide screens (trends, who to follow); not even rendered on narrow ones. */
  sidebar?: ReactNode
  children: ReactNode
}

/**
 * The signed-in layout: navigation, the middle column, and a sidebar on wide screens. The
 * navigation is a left column with labels on wide screens, icons only on tablets, and a bottom
 * bar on phones.
 */
export function AppShell({ viewer, notificationsBadge, onSignOut, sidebar, children }: AppShellProps) {
  const wide = useMediaQuery('(min-width: 1024px)')
  const items: NavItem[] = [
    { label: 'Home', icon: House, link: { to: '/' } },
    { label: 'Explore', icon: Hash, link: { to: '/explore' } },
    { label: 'Notifications', icon: Bell, link: { to: '/notifications' }, badge: notificationsBadge },
    { label: 'Lab', icon: FlaskConical, link: { to: '/lab' } },
    { label: 'Profile', icon: UserIcon, link: { to: '/$username', params: { username: viewer.username } } },
  ]

  return (
    <div className="mx-auto flex min-h-screen max-w-[1265px] justify-center sm:justify-start lg:gap-6">
      <header className="sticky top-0 hidden h-screen shrink-0 flex-col justify-between px-2 py-2 sm:flex sm:w-20 xl:w-64">
        <div>
          <Link to="/" aria-label="Twitter-like home" className="mb-2 flex size-14 items-center justify-center rounded-full hover:bg-subtle">
            <Logo />
          </Link>
          <nav aria-label="Main">
            <ul className="space-y-1">
              {items.map((item) => (
                <li key={item.label}>
                  <NavLink item={item} layout="rail" />
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div className="mb-3 flex flex-col items-center gap-2 rounded-full xl:flex-row xl:gap-3 xl:p-3">
          <Avatar user={viewer} />
          <div className="hidden min-w-0 flex-1 xl:block">
            <p className="truncate font-bold">{viewer.displayName}</p>
            <p className="truncate text-muted">@{viewer.username}</p>
          </div>
          <button
            type="button"
            onClick={onSignOut}
            aria-label="Sign out"
            title="Sign out"
            className="rounded-full p-2 text-muted hover:bg-subtle hover:text-ink"
          >
            <LogOut aria-hidden className="size-5" />
          </button>
        </div>
      </header>

      <main className="min-h-screen w-full max-w-[600px] border-line pb-16 sm:border-x sm:pb-0">{children}</main>

      {wide && sidebar && (
        <aside aria-label="Sidebar" className="sticky top-0 h-fit w-[350px] shrink-0 space-y-4 py-3">
          {sidebar}
        </aside>
      )}

      <nav
        aria-label="Main (bottom)"
        className="fixed inset-x-0 bottom-0 z-20 flex justify-around border-t border-line bg-page sm:hidden"
      >
        {items.map((item) => (
          <NavLink key={item.label} item={item} layout="bar" />
        ))}
        <button type="button" onClick={onSignOut} aria-label="Sign out" className="p-3 text-ink">
          <LogOut aria-hidden className="size-6" />
        </button>
      </nav>
    </div>
  )
}

type NavItem = {
  label: string
  icon: LucideIcon
  link: Pick<LinkProps, 'to' | 'params'>
  badge?: ReactNode
}

function NavLink({ item, layout }: { item: NavItem; layout: 'rail' | 'bar' }) {
  const Icon = item.icon
  return (
    <Link
      {...item.link}
      activeOptions={{ exact: true }}
      className={
        layout === 'rail'
          ? 'group flex w-fit items-center gap-5 rounded-full p-3 text-xl hover:bg-subtle data-[status=active]:font-bold xl:pr-6'
          : 'group p-3'
      }
    >
      <span className="relative">
        <Icon aria-hidden className="size-7 group-data-[status=active]:stroke-[2.5] group-data-[status=active]:text-accent" />
        {item.badge}
      </span>
      {/* the link's name: read out on every layout, shown beside the icon on wide screens */}
      <span className={layout === 'rail' ? 'sr-only xl:not-sr-only' : 'sr-only'}>{item.label}</span>
    </Link>
  )
}

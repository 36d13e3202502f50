import { Link } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'

const tabClass =
  'flex-1 py-4 text-center font-medium text-muted hover:bg-subtle data-[status=active]:font-bold data-[status=active]:text-ink'

/**
 * The header of the followers and following pages: whose lists they are, and a tab for each
 * (`username` as in the address, `handle` as the account spells it).
 */
export function ConnectionsHeader({ username, handle, displayName }: { username: string; handle: string; displayName: string }) {
  return (
    <PageHeader title={displayName} subtitle={`@${handle}`} back>
      <nav aria-label="Connections" className="flex">
        <Link to="/$username/followers" params={{ username }} className={tabClass}>
          Followers
        </Link>
        <Link to="/$username/following" params={{ username }} className={tabClass}>
          Following
        </Link>
      </nav>
    </PageHeader>
  )
}

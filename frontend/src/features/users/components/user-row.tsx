import { Link } from '@tanstack/react-router'

import { Avatar } from '@/components/ui/avatar'
import type { User } from '@/lib/schemas'

import { FollowButton } from './follow-button'

/** A user in a list: picture, names, bio, and a follow button unless it is the viewer. */
export function UserRow({ user, viewerId }: { user: User; viewerId: string }) {
  return (
    <li className="relative flex gap-3 px-4 py-3 hover:bg-subtle">
      <Avatar user={user} />
      <div className="min-w-0 flex-1">
        <div className="flex items-start justify-between gap-2">
          <div className="min-w-0">
            {/* The whole row is the link to the profile; the button sits above it. */}
            <Link
              to="/$username"
              params={{ username: user.username }}
              className="block truncate font-bold hover:underline after:absolute after:inset-0"
            >
              {user.displayName}
            </Link>
            <p className="truncate text-muted">@{user.username}</p>
          </div>
          {user.id !== viewerId && (
            <div className="relative">
              <FollowButton user={user} size="sm" />
            </div>
          )}
        </div>
        {user.bio && <p className="mt-1 line-clamp-2 break-words">{user.bio}</p>}
      </div>
    </li>
  )
}

import { Link } from '@tanstack/react-router'
import { CalendarDays, MapPin } from 'lucide-react'

import { RichText } from '@/components/rich-text'
import { Avatar } from '@/components/ui/avatar'
import { formatJoined, formatNumber } from '@/lib/format'
import type { User } from '@/lib/schemas'

import { FollowButton } from './follow-button'

type ProfileHeaderProps = {
  user: User
  isViewer: boolean
}

export function ProfileHeader({ user, isViewer }: ProfileHeaderProps) {
  return (
    <section aria-label="Profile">
      <div className="h-32 bg-twitter-blue/25 sm:h-48" />
      <div className="px-4 pb-4">
        <div className="flex items-start justify-between">
          <div className="-mt-12 rounded-full border-4 border-page sm:-mt-16">
            <Avatar user={user} size="xl" />
          </div>
          <div className="mt-3">
            {isViewer ? (
              <Link
                to="/settings/profile"
                className="inline-flex min-h-9 items-center rounded-full border border-line px-4 font-bold hover:bg-subtle"
              >
                Edit profile
              </Link>
            ) : (
              <FollowButton user={user} />
            )}
          </div>
        </div>

        <h2 className="mt-3 text-xl font-extrabold break-words">{user.displayName}</h2>
        <p className="text-muted">@{user.username}</p>
        {user.bio && <RichText text={user.bio} className="mt-3" />}

        <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-muted">
          {user.location && (
            <li className="flex items-center gap-1">
              <MapPin aria-hidden className="size-4" />
              {user.location}
            </li>
          )}
          {user.createdAt && (
            <li className="flex items-center gap-1">
              <CalendarDays aria-hidden className="size-4" />
              {formatJoined(user.createdAt)}
            </li>
          )}
        </ul>

        <p className="mt-3 flex gap-5">
          <Link to="/$username/following" params={{ username: user.username }} className="hover:underline">
            <strong>{formatNumber(user.followingCount)}</strong> <span className="text-muted">Following</span>
          </Link>
          <Link to="/$username/followers" params={{ username: user.username }} className="hover:underline">
            <strong>{formatNumber(user.followerCount)}</strong>{' '}
            <span className="text-muted">{user.followerCount === 1 ? 'Follower' : 'Followers'}</span>
          </Link>
        </p>
      </div>
    </section>
  )
}

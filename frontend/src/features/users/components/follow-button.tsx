import { Button } from '@/components/ui/button'
import type { User } from '@/lib/schemas'

import { useFollow } from '../hooks/use-follow'

/** Filled "Follow", outlined "Following" (the design's follow button). */
export function FollowButton({ user, size = 'md' }: { user: User; size?: 'sm' | 'md' }) {
  const follow = useFollow()
  const following = user.followedByMe === true

  return (
    <Button
      variant={following ? 'outline' : 'inverse'}
      size={size}
      aria-pressed={following}
      disabled={follow.isPending}
      onClick={(event) => {
        event.stopPropagation()
        follow.mutate({ userId: user.id, follow: !following })
      }}
    >
      {following ? 'Following' : 'Follow'}
    </Button>
  )
}

import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query'

import { ApiError } from '@/lib/api'
import type { Page, User } from '@/lib/schemas'
import { meQueryOptions } from '@/lib/session'
import { toast } from '@/lib/toast'

import { setFollowing } from '../api/follow-user'
import { userKeys } from '../api/query-keys'

/**
 * Follow or unfollow. The answer is the user as it is now (followedByMe, followerCount), so it
 * replaces every copy of that user in the cache: the profile and any list showing them. The
 * home timeline gains or loses their tweets, so it is loaded again when next shown.
 */
export function useFollow() {
  const queryClient = useQueryClient()

  return useMutation({
    mutationFn: setFollowing,
    onSuccess: (user) => {
      queryClient.setQueryData(userKeys.byUsername(user.username), user)
      queryClient.setQueriesData<InfiniteData<Page<User>>>({ queryKey: userKeys.lists() }, (data) =>
        replaceUser(data, user),
      )
      queryClient.setQueriesData<User[]>({ queryKey: userKeys.suggestions() }, (users) =>
        users?.map((u) => (u.id === user.id ? user : u)),
      )
      const viewer = queryClient.getQueryData(meQueryOptions.queryKey)
      if (viewer) {
        // The viewer's followingCount changed.
        void queryClient.invalidateQueries({ queryKey: userKeys.byUsername(viewer.username) })
      }
      void queryClient.invalidateQueries({ queryKey: ['tweets', 'list', 'home'] })
    },
    onError: (error, { follow }) => {
      const reason = error instanceof ApiError && error.status === 429 ? ': too many follows, try later' : ''
      toast(`Couldn't ${follow ? 'follow' : 'unfollow'}${reason}`)
    },
  })
}

function replaceUser(data: InfiniteData<Page<User>> | undefined, user: User) {
  if (!data || !('pages' in data)) return data
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => (item.id === user.id ? user : item)),
    })),
  }
}

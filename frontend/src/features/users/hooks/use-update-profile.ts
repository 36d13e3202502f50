import { useMutation, useQueryClient } from '@tanstack/react-query'

import { meQueryOptions } from '@/lib/session'

import { userKeys } from '../api/query-keys'
import { updateProfile } from '../api/update-profile'

export function useUpdateProfile() {
  const queryClient = useQueryClient()

  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryOptions.queryKey, user)
      queryClient.setQueryData(userKeys.byUsername(user.username), user)
    },
  })
}

import { useMutation, useQueryClient } from '@tanstack/react-query'

import type { Tweet } from '@/lib/schemas'
import { toast } from '@/lib/toast'

import { deleteTweet } from '../api/delete-tweet'
import { tweetKeys } from '../api/query-keys'
import { removeTweet, updateTweet } from '../utils/tweet-cache'

export function useDeleteTweet() {
  const queryClient = useQueryClient()

  return useMutation({
    mutationFn: (tweet: Tweet) => deleteTweet(tweet.id),
    onSuccess: (_nothing, tweet) => {
      removeTweet(queryClient, tweet.id)
      if (tweet.replyTo) {
        updateTweet(queryClient, tweet.replyTo, (parent) => ({
          ...parent,
          replyCount: Math.max(0, parent.replyCount - 1),
        }))
      }
      // A page still showing the tweet navigates away itself (see TweetDetail).
      queryClient.removeQueries({ queryKey: tweetKeys.detail(tweet.id), type: 'inactive' })
    },
    onError: () => toast("Couldn't delete the tweet. Try again."),
  })
}

import { useMutation, useQueryClient } from '@tanstack/react-query'

import type { Tweet } from '@/lib/schemas'
import { toast } from '@/lib/toast'

import { tweetKeys } from '../api/query-keys'
import { setLiked, type LikeState } from '../api/like-tweet'
import { setRetweeted, type RetweetState } from '../api/retweet-tweet'
import { findTweet, updateTweet } from '../utils/tweet-cache'

type Toggle = { tweetId: string; on: boolean }

type EngagementOptions<State extends Partial<Tweet>> = {
  mutationFn: (toggle: Toggle) => Promise<State>
  /** The tweet's fields this toggle changes, as they are now. */
  pick: (tweet: Tweet) => State
  /** The fields once the toggle is done, before the server has answered. */
  expect: (tweet: Tweet, on: boolean) => State
  failure: (on: boolean) => string
}

/**
 * An optimistic toggle: the tweet changes everywhere at once; the server's answer then sets the
 * exact count; a refusal puts back what the tweet showed before, and says so in a toast. Only
 * the fields of this toggle are put back, so a like and a retweet in flight together do not
 * undo each other.
 */
function useEngagement<State extends Partial<Tweet>>({ mutationFn, pick, expect, failure }: EngagementOptions<State>) {
  const queryClient = useQueryClient()

  return useMutation({
    mutationFn,
    onMutate: async ({ tweetId, on }) => {
      // A refetch landing now would overwrite the optimistic state with an older one.
      await queryClient.cancelQueries({ queryKey: tweetKeys.all })
      const tweet = findTweet(queryClient, tweetId)
      if (!tweet) return undefined
      const before = pick(tweet)
      updateTweet(queryClient, tweetId, (t) => ({ ...t, ...expect(t, on) }))
      return { before }
    },
    onSuccess: (state, { tweetId }) => updateTweet(queryClient, tweetId, (t) => ({ ...t, ...state })),
    onError: (_error, { tweetId, on }, context) => {
      if (context) {
        updateTweet(queryClient, tweetId, (t) => ({ ...t, ...context.before }))
      }
      toast(failure(on))
    },
  })
}

export function useLike() {
  return useEngagement<LikeState>({
    mutationFn: setLiked,
    pick: ({ liked, likeCount }) => ({ liked, likeCount }),
    expect: (tweet, on) => ({
      liked: on,
      likeCount: tweet.liked === on ? tweet.likeCount : Math.max(0, tweet.likeCount + (on ? 1 : -1)),
    }),
    failure: (on) => (on ? "Couldn't like the tweet. Try again." : "Couldn't undo the like. Try again."),
  })
}

export function useRetweet() {
  return useEngagement<RetweetState>({
    mutationFn: setRetweeted,
    pick: ({ retweeted, retweetCount }) => ({ retweeted, retweetCount }),
    expect: (tweet, on) => ({
      retweeted: on,
      retweetCount: tweet.retweeted === on ? tweet.retweetCount : Math.max(0, tweet.retweetCount + (on ? 1 : -1)),
    }),
    failure: (on) => (on ? "Couldn't retweet. Try again." : "Couldn't undo the retweet. Try again."),
  })
}

/*
 * Every list of tweets lives under ['tweets', 'list', ...] and every single tweet under
 * ['tweets', 'detail', id], so that a like, a retweet or a delete can reach every copy of a
 * tweet in the cache (utils/tweet-cache.ts).
 */
export const tweetKeys = {
  all: ['tweets'] as const,
  lists: () => ['tweets', 'list'] as const,
  home: () => ['tweets', 'list', 'home'] as const,
  user: (userId: string) => ['tweets', 'list', 'user', userId] as const,
  hashtag: (tag: string) => ['tweets', 'list', 'hashtag', tag.toLowerCase()] as const,
  replies: (tweetId: string) => ['tweets', 'list', 'replies', tweetId] as const,
  details: () => ['tweets', 'detail'] as const,
  detail: (tweetId: string) => ['tweets', 'detail', tweetId] as const,
}

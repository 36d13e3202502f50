export const userKeys = {
  all: ['users'] as const,
  byUsername: (username: string) => ['users', 'by-username', username.toLowerCase()] as const,
  lists: () => ['users', 'list'] as const,
  followers: (userId: string) => ['users', 'list', 'followers', userId] as const,
  following: (userId: string) => ['users', 'list', 'following', userId] as const,
  suggestions: () => ['users', 'list', 'suggestions'] as const,
}

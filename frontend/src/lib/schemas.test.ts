import { describe, expect, it } from 'vitest'
import { tweetSchema } from '@/lib/schemas'
import tweet from '../../../docs/contract/tweet.json'
import tweetForViewer from '../../../docs/contract/tweet-for-viewer.json'
import timelineRetweet from '../../../docs/contract/timeline-retweet.json'

/*
 * The API's Tweet samples (docs/contract/), which the services' tests check they serve
 * exactly: the web app's schema reads each one whole, keeping every field it was sent.
 */
describe('the Tweet schema against the contract samples', () => {
  it.each([
    ['tweet.json', tweet],
    ['tweet-for-viewer.json', tweetForViewer],
    ['timeline-retweet.json', timelineRetweet],
  ])('%s parses with every field kept as sent', (_name, sample) => {
    const parsed = tweetSchema.parse(sample)
    const { liked, retweeted, ...rest } = parsed
    expect(rest).toEqual(Object.fromEntries(Object.entries(sample).filter(([k]) => k !== 'liked' && k !== 'retweeted')))
    expect(liked).toBe('liked' in sample ? sample.liked : false)
    expect(retweeted).toBe('retweeted' in sample ? sample.retweeted : false)
  })

  it('an anonymous read has no viewer flags and they read as false', () => {
    expect('liked' in tweet).toBe(false)
    expect(tweetSchema.parse(tweet).liked).toBe(false)
  })

  it('a tweet missing a contract field is refused', () => {
    const withoutReplyTo: Record<string, unknown> = { ...tweet }
    delete withoutReplyTo.replyTo
    expect(tweetSchema.safeParse(withoutReplyTo).success).toBe(false)
    const authorWithoutPicture = { ...tweet, author: { id: '1', username: 'a', displayName: 'A' } }
    expect(tweetSchema.safeParse(authorWithoutPicture).success).toBe(false)
  })
})

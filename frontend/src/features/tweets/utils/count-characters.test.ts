import { describe, expect, it } from 'vitest'

import { countCharacters, MAX_TWEET_LENGTH, measureTweet } from './count-characters'

describe('countCharacters, as tweet-service counts', () => {
  it('counts an emoji as one, though it is two UTF-16 units', () => {
    expect('😀'.length).toBe(2)
    expect(countCharacters('😀')).toBe(1)
    expect(countCharacters('hi 👋🏽')).toBe(5) // a skin-tone modifier is a code point of its own
  })

  it('counts a letter and its combining mark as one, after NFC', () => {
    const decomposed = 'Cafe\u0301'
    expect(decomposed.length).toBe(5)
    expect(countCharacters(decomposed)).toBe(4)
  })

  it('does not count the whitespace the server trims, but counts no-break spaces', () => {
    expect(countCharacters('  hello \n')).toBe(5)
    expect(countCharacters('\u00a0hello')).toBe(6)
  })

  it('allows 280 and refuses 281', () => {
    expect(measureTweet('a'.repeat(MAX_TWEET_LENGTH))).toMatchObject({ length: 280, remaining: 0, isTooLong: false })
    expect(measureTweet('a'.repeat(281))).toMatchObject({ length: 281, remaining: -1, isTooLong: true })
    expect(measureTweet('🎉'.repeat(280)).isTooLong).toBe(false)
    expect(measureTweet('🎉'.repeat(281)).isTooLong).toBe(true)
  })

  it('calls blank what the server calls blank', () => {
    expect(measureTweet('').isBlank).toBe(true)
    expect(measureTweet(' \n\t\u200b\u00a0').isBlank).toBe(true)
    expect(measureTweet(' x ').isBlank).toBe(false)
  })
})

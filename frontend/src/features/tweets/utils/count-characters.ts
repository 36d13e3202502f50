export const MAX_TWEET_LENGTH = 280

/**
 * Java's String.strip(): the whitespace that tweet-service trims. Not the no-break spaces
 * (U+00A0, U+2007, U+202F), which JavaScript's trim() would also remove.
 */
const EDGE_WHITESPACE =
  /^[\t\n\v\f\r\x1c-\x20\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+|[\t\n\v\f\r\x1c-\x20\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+$/g

/** What the server calls blank: nothing but spaces, separators and invisible format characters. */
const BLANK = /^[\s\p{Z}\p{Cf}]*$/u

/**
 * The length of a tweet as tweet-service counts it: Unicode code points of the NFC-normalised,
 * trimmed text. So an emoji is one, and "e" + a combining acute accent is one (é).
 */
export function countCharacters(text: string): number {
  let length = 0
  for (const _codePoint of text.normalize('NFC').replace(EDGE_WHITESPACE, '')) {
    length++
  }
  return length
}

export type TweetLength = {
  length: number
  remaining: number
  isBlank: boolean
  isTooLong: boolean
}

export function measureTweet(text: string): TweetLength {
  const length = countCharacters(text)
  return {
    length,
    remaining: MAX_TWEET_LENGTH - length,
    isBlank: BLANK.test(text),
    isTooLong: length > MAX_TWEET_LENGTH,
  }
}

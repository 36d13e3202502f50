import { describe, expect, it } from 'vitest'

import { linkify } from './linkify'

describe('linkify', () => {
  it('finds hashtags, mentions and URLs between plain text', () => {
    expect(linkify('Hi @bob, see #news at https://example.com/a?b=1')).toEqual([
      { type: 'text', text: 'Hi ' },
      { type: 'mention', text: '@bob', username: 'bob' },
      { type: 'text', text: ', see ' },
      { type: 'hashtag', text: '#news', tag: 'news' },
      { type: 'text', text: ' at ' },
      { type: 'url', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
    ])
  })

  it('finds hashtags in any script, and full-width ones', () => {
    expect(linkify('#日本語 と #café と ＃ｔｅｓｔ').filter((t) => t.type === 'hashtag')).toEqual([
      { type: 'hashtag', text: '#日本語', tag: '日本語' },
      { type: 'hashtag', text: '#café', tag: 'café' },
      { type: 'hashtag', text: '＃ｔｅｓｔ', tag: 'ｔｅｓｔ' },
    ])
  })

  it('leaves out what the server does not take for a hashtag or a mention', () => {
    const kinds = (text: string) => linkify(text).map((t) => t.type)
    expect(kinds('#2024')).toEqual(['text']) // no letter
    expect(kinds('a#b')).toEqual(['text']) // glued to a word
    expect(kinds('mail me at bob@example.com')).toEqual(['text']) // an e-mail address
    expect(kinds('@waytoolongusername1')).toEqual(['text']) // more than 15 characters
  })

  it('ends a URL before trailing punctuation and an unbalanced closing bracket', () => {
    const urls = (text: string) => linkify(text).flatMap((t) => (t.type === 'url' ? [t.href] : []))
    expect(urls('Read https://example.com/post.')).toEqual(['https://example.com/post'])
    expect(urls('(see https://example.com/x)')).toEqual(['https://example.com/x'])
    expect(urls('https://en.wikipedia.org/wiki/Tea_(meal), yes')).toEqual(['https://en.wikipedia.org/wiki/Tea_(meal)'])
    expect(linkify('go to https://a.io!').at(-1)).toEqual({ type: 'text', text: '!' })
  })

  it('ends a hashtag and a mention at punctuation', () => {
    expect(linkify('#tea, @bob!')).toEqual([
      { type: 'hashtag', text: '#tea', tag: 'tea' },
      { type: 'text', text: ', ' },
      { type: 'mention', text: '@bob', username: 'bob' },
      { type: 'text', text: '!' },
    ])
  })

  it('does not take the fragment of a URL for a hashtag', () => {
    expect(linkify('https://example.com/#section').map((t) => t.type)).toEqual(['url'])
  })

  it('links only http(s) URLs, and keeps markup as text', () => {
    expect(linkify('javascript:alert(1)').map((t) => t.type)).toEqual(['text'])
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([{ type: 'text', text: '<img src=x onerror=alert(1)>' }])
  })
})

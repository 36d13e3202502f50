import { describe, expect, it } from 'vitest'

import { segments } from './findings'

describe('a finding of the lab run', () => {
  it('shows its lead words in bold, the rest as text', () => {
    expect(segments('**Memory.** Valkey held 12 MB.')).toEqual([
      { text: 'Memory.', strong: true },
      { text: ' Valkey held 12 MB.', strong: false },
    ])
  })

  it('is all text without markers, and an unpaired marker stays as written', () => {
    expect(segments('plain')).toEqual([{ text: 'plain', strong: false }])
    expect(segments('a ** b')).toEqual([{ text: 'a ** b', strong: false }])
  })
})

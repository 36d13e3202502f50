/** A finding of the lab run as text and emphasis: the lab writes its lead words as Markdown bold (`**...**`). */
export type Segment = { text: string; strong: boolean }

export function segments(finding: string): Segment[] {
  const parts = finding.split('**')
  // an odd count of markers leaves the last one as it was written
  if (parts.length % 2 === 0) return [{ text: finding, strong: false }]
  return parts.flatMap((text, i) => (text === '' ? [] : [{ text, strong: i % 2 === 1 }]))
}

import { Link } from '@tanstack/react-router'
import type { MouseEvent } from 'react'

import { linkify } from '@/lib/linkify'

type RichTextProps = {
  text: string
  className?: string
}

const linkClass = 'text-accent hover:underline'

// A link inside a clickable card must not also open the card.
const stopPropagation = (event: MouseEvent) => event.stopPropagation()

/**
 * Text typed by a user, with #hashtags, @mentions and URLs as links. Everything is rendered
 * as text nodes (React escapes them), never as HTML: `<b>` shows as typed.
 */
export function RichText({ text, className }: RichTextProps) {
  return (
    <p className={`break-words whitespace-pre-wrap ${className ?? ''}`}>
      {linkify(text).map((token, index) => {
        switch (token.type) {
          case 'text':
            return token.text
          case 'hashtag':
            return (
              <Link key={index} to="/hashtag/$tag" params={{ tag: token.tag }} className={linkClass} onClick={stopPropagation}>
                {token.text}
              </Link>
            )
          case 'mention':
            return (
              <Link
                key={index}
                to="/$username"
                params={{ username: token.username }}
                className={linkClass}
                onClick={stopPropagation}
              >
                {token.text}
              </Link>
            )
          case 'url':
            return (
              <a
                key={index}
                href={token.href}
                target="_blank"
                rel="noopener noreferrer"
                className={linkClass}
                onClick={stopPropagation}
              >
                {displayUrl(token.href)}
              </a>
            )
        }
      })}
    </p>
  )
}

/** As Twitter shows links: without the scheme, long ones cut short. */
function displayUrl(href: string): string {
  const bare = href.replace(/^https?:\/\/(www\.)?/, '')
  return bare.length > 32 ? `${bare.slice(0, 31)}…` : bare
}

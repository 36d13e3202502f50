import { Image as ImageIcon, LoaderCircle, X } from 'lucide-react'
import { useId, useRef, type ChangeEvent, type KeyboardEvent } from 'react'

import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { ApiError } from '@/lib/api'
import type { Tweet } from '@/lib/schemas'
import { useViewer } from '@/lib/session'

import { MAX_ATTACHMENTS, useComposeTweet } from '../hooks/use-compose-tweet'
import { CharacterCounter } from './character-counter'

type ComposeBoxProps = {
  /** The tweet this one replies to; a new tweet when absent. */
  replyTo?: Tweet
}

export function ComposeBox({ replyTo }: ComposeBoxProps) {
  const viewer = useViewer()
  const compose = useComposeTweet({ replyTo })
  const fileInput = useRef<HTMLInputElement>(null)
  const errorId = useId()
  const label = replyTo ? 'Post your reply' : "What's happening?"

  const pickImages = (event: ChangeEvent<HTMLInputElement>) => {
    compose.attach([...(event.target.files ?? [])])
    event.target.value = ''
  }

  // Ctrl/Cmd+Enter posts, as on Twitter.
  const postOnShortcut = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      compose.submit()
    }
  }

  return (
    <form
      aria-label={replyTo ? 'Reply' : 'New tweet'}
      onSubmit={(event) => {
        event.preventDefault()
        compose.submit()
      }}
      className="flex gap-3 border-b border-line px-4 py-3"
    >
      <Avatar user={viewer} />
      <div className="min-w-0 flex-1">
        <textarea
          aria-label={label}
          placeholder={label}
          value={compose.text}
          onChange={(event) => compose.edit(event.target.value)}
          onKeyDown={postOnShortcut}
          readOnly={compose.post.isPending}
          aria-describedby={compose.post.error ? errorId : undefined}
          rows={replyTo ? 1 : 2}
          className="field-sizing-content min-h-12 w-full resize-none bg-transparent py-2 text-xl placeholder:text-muted focus:outline-none"
        />

        {compose.attachments.length > 0 && (
          <ul className={`mt-2 grid gap-2 ${compose.attachments.length === 1 ? 'grid-cols-1' : 'grid-cols-2'}`}>
            {compose.attachments.map((attachment, index) => (
              <li key={attachment.id} className="relative overflow-hidden rounded-2xl border border-line">
                <img
                  src={attachment.previewUrl}
                  alt={`Attached image ${index + 1}: ${attachment.file.name}`}
                  className={`w-full object-cover ${attachment.error ? 'opacity-40' : ''} ${compose.attachments.length === 1 ? 'max-h-80' : 'aspect-square'}`}
                />
                {attachment.url === undefined && attachment.error === undefined && (
                  <span className="absolute inset-0 flex items-center justify-center bg-black/30">
                    <LoaderCircle aria-label="Uploading" className="size-8 animate-spin text-white" />
                  </span>
                )}
                {attachment.error && (
                  <p role="alert" className="absolute inset-x-0 bottom-0 bg-danger-fill px-2 py-1 text-[13px] text-white">
                    {attachment.error}
                  </p>
                )}
                <button
                  type="button"
                  aria-label={`Remove image ${index + 1}`}
                  onClick={() => compose.detach(attachment.id)}
                  className="absolute top-1 left-1 rounded-full bg-black/70 p-1.5 text-white hover:bg-black/50"
                >
                  <X aria-hidden className="size-4" />
                </button>
              </li>
            ))}
          </ul>
        )}

        {compose.post.error && (
          <p id={errorId} role="alert" className="mt-2 text-[13px] text-danger">
            {describePostError(compose.post.error)}
          </p>
        )}

        <div className="mt-2 flex items-center justify-between border-t border-line pt-2">
          <div>
            <input
              ref={fileInput}
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              multiple
              hidden
              onChange={pickImages}
            />
            <button
              type="button"
              aria-label="Add images"
              title={`Add up to ${MAX_ATTACHMENTS} images`}
              disabled={compose.attachments.length >= MAX_ATTACHMENTS}
              onClick={() => fileInput.current?.click()}
              className="-ml-2 rounded-full p-2 text-accent hover:bg-accent/10 disabled:opacity-40"
            >
              <ImageIcon aria-hidden className="size-5" />
            </button>
          </div>
          <div className="flex items-center gap-3">
            <CharacterCounter {...compose.length} />
            <Button type="submit" disabled={!compose.canPost}>
              {replyTo ? 'Reply' : 'Tweet'}
            </Button>
          </div>
        </div>
      </div>
    </form>
  )
}

function describePostError(error: Error): string {
  if (error instanceof ApiError) {
    const fieldMessage = error.errors?.content ?? error.errors?.mediaUrls
    if (fieldMessage) return `Your tweet ${fieldMessage}.`
    if (error.status === 429) return 'You are posting too fast. Wait a little and try again.'
    return error.detail ?? error.title
  }
  return 'Could not post. Check your connection and try again.'
}

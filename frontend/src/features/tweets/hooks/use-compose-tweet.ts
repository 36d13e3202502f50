import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'

import { ApiError } from '@/lib/api'
import { uploadMedia } from '@/lib/media'
import type { Tweet } from '@/lib/schemas'
import { meQueryOptions } from '@/lib/session'

import { createTweet } from '../api/create-tweet'
import { tweetKeys } from '../api/query-keys'
import { measureTweet } from '../utils/count-characters'
import { prependTweets, updateTweet } from '../utils/tweet-cache'

export const MAX_ATTACHMENTS = 4

export type Attachment = {
  id: string
  file: File
  previewUrl: string
  /** Set once the upload is done. */
  url?: string
  error?: string
}

/**
 * A draft tweet: its text, its images (uploaded as soon as they are picked), and posting it.
 *
 * The draft has one Idempotency-Key, made at its first post and kept until the post succeeds,
 * so a double click, a retry after a lost answer, or the automatic retry of a network error
 * posts it once. Changing the draft after a failure makes it another tweet with a new key.
 */
export function useComposeTweet({ replyTo }: { replyTo?: Tweet } = {}) {
  const queryClient = useQueryClient()
  const [text, setText] = useState('')
  const [attachments, setAttachments] = useState<Attachment[]>([])
  const idempotencyKey = useRef<string | null>(null)
  // Set at once on submit: the button is disabled only at the next render, after a fast second click.
  const submitting = useRef(false)

  // Previews are object URLs: they are freed when an image leaves the draft or the draft goes.
  const latestAttachments = useRef(attachments)
  useEffect(() => {
    latestAttachments.current = attachments
  })
  useEffect(() => () => latestAttachments.current.forEach((a) => URL.revokeObjectURL(a.previewUrl)), [])

  const post = useMutation({
    mutationFn: ({ content, mediaUrls }: { content: string; mediaUrls: string[] }) => {
      idempotencyKey.current ??= crypto.randomUUID()
      return createTweet({ content, mediaUrls, replyTo: replyTo?.id }, idempotencyKey.current)
    },
    // Safe only because of the key: a network failure may hide a tweet that was made.
    retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
    onSuccess: (tweet) => {
      idempotencyKey.current = null
      setText('')
      latestAttachments.current.forEach((attachment) => URL.revokeObjectURL(attachment.previewUrl))
      setAttachments([])
      showPostedTweet(tweet)
    },
  })

  // The new tweet shows at once, at the top of the lists it belongs to.
  const showPostedTweet = (tweet: Tweet) => {
    if (replyTo) {
      prependTweets(queryClient, tweetKeys.replies(replyTo.id), [tweet])
      updateTweet(queryClient, replyTo.id, (parent) => ({ ...parent, replyCount: parent.replyCount + 1 }))
    } else {
      prependTweets(queryClient, tweetKeys.home(), [tweet])
    }
    const viewer = queryClient.getQueryData(meQueryOptions.queryKey)
    if (viewer) prependTweets(queryClient, tweetKeys.user(viewer.id), [tweet])
  }

  const changeDraft = () => {
    idempotencyKey.current = null
    post.reset()
  }

  const edit = (value: string) => {
    setText(value)
    changeDraft()
  }

  const attach = (files: File[]) => {
    const room = MAX_ATTACHMENTS - attachments.length
    const added = files.slice(0, room).map((file) => ({
      id: crypto.randomUUID(),
      file,
      previewUrl: URL.createObjectURL(file),
    }))
    if (added.length === 0) return
    setAttachments((current) => [...current, ...added])
    changeDraft()
    for (const attachment of added) {
      uploadMedia(attachment.file).then(
        (url) => patchAttachment(attachment.id, { url }),
        (error: unknown) =>
          patchAttachment(attachment.id, {
            error: error instanceof ApiError ? (error.detail ?? error.title) : 'Upload failed',
          }),
      )
    }
  }

  const patchAttachment = (id: string, patch: Partial<Attachment>) =>
    setAttachments((current) => current.map((a) => (a.id === id ? { ...a, ...patch } : a)))

  const detach = (id: string) => {
    const removed = attachments.find((a) => a.id === id)
    if (removed) URL.revokeObjectURL(removed.previewUrl)
    setAttachments((current) => current.filter((a) => a.id !== id))
    changeDraft()
  }

  const length = measureTweet(text)
  const uploading = attachments.some((a) => a.url === undefined && a.error === undefined)
  const failedUpload = attachments.some((a) => a.error !== undefined)
  const canPost = !length.isBlank && !length.isTooLong && !uploading && !failedUpload && !post.isPending

  const submit = () => {
    if (!canPost || submitting.current) return
    submitting.current = true
    post.mutate(
      { content: text, mediaUrls: attachments.flatMap((a) => (a.url ? [a.url] : [])) },
      { onSettled: () => (submitting.current = false) },
    )
  }

  return { text, edit, length, attachments, attach, detach, uploading, canPost, submit, post }
}

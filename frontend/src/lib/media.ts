import { z } from '@/lib/zod'

import { apiFetch } from './api'

const uploadedSchema = z.object({ url: z.string() })

/**
 * POST /api/media: stores an image (5 MB at most) and answers with the URL it is served at,
 * for a tweet's mediaUrls or a profile's avatarUrl.
 */
export async function uploadMedia(file: File): Promise<string> {
  const form = new FormData()
  form.append('file', file)
  const { url } = uploadedSchema.parse(await apiFetch('/api/media', { method: 'POST', body: form }))
  return url
}

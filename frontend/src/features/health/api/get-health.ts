import { queryOptions } from '@tanstack/react-query'
import { z } from 'zod'

import { apiFetch } from '@/lib/api'

// Read only what the page shows; /health also reports each dependency.
const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
})

export type Health = z.infer<typeof healthSchema>

export async function getHealth(): Promise<Health> {
  // A degraded gateway answers 503 with the same report: that is an answer, not a failure.
  const body = await apiFetch('/health', { acceptStatuses: [503] })
  return healthSchema.parse(body)
}

export const healthQueryOptions = queryOptions({
  queryKey: ['health'],
  queryFn: getHealth,
  // A health check reports the state now; retrying would only hide it.
  retry: false,
})

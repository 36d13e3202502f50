import { queryOptions } from '@tanstack/react-query'
import { z } from '@/lib/zod'

import { apiFetch } from '@/lib/api'
import { listQuery } from '@/lib/paging'
import { userSchema } from '@/lib/schemas'

import { userKeys } from './query-keys'

const suggestionsSchema = z.object({ items: z.array(userSchema) })

/** GET /api/users/suggestions?limit=: accounts the viewer might follow. */
export async function getSuggestions(limit: number) {
  return suggestionsSchema.parse(await apiFetch(`/api/users/suggestions${listQuery({ limit })}`)).items
}

export const suggestionsQueryOptions = (limit = 5) =>
  queryOptions({
    queryKey: [...userKeys.suggestions(), limit],
    queryFn: () => getSuggestions(limit),
  })

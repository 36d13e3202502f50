import { z } from '@/lib/zod'

/** A username as graph-service allows it. */
export const usernameSchema = z.string().regex(/^[A-Za-z0-9_]{1,15}$/)

/** A tweet id: a decimal 64-bit Snowflake id. */
export const tweetIdSchema = z.string().regex(/^\d{1,19}$/)

/**
 * Route params checked by a zod schema. A path whose params do not fit does not match the
 * route at all (it is "not found"), rather than reaching a loader with a bad id.
 */
export function paramsOf<Shape extends z.ZodRawShape>(shape: Shape) {
  const schema = z.object(shape)
  return {
    parse: (raw: Record<string, string>) => {
      const parsed = schema.safeParse(raw)
      return parsed.success ? parsed.data : false
    },
  }
}

/** `?redirect=`: where to go after signing in; a path inside this app, never another site. */
export const redirectSearchSchema = z.object({
  redirect: z
    .string()
    .regex(/^\/(?![/\\])/)
    .optional()
    .catch(undefined),
})

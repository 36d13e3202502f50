// The one way the app imports zod: `import { z } from '@/lib/zod'`.
//
// zod compiles fast object parsers with `new Function` where eval is allowed, and probes for it
// when a schema is made. The gateway's Content-Security-Policy allows no eval (docs/security.md),
// so zod parses without compiling. Configured here, in the module every schema comes through,
// so the setting is in place before any schema is made, whatever order the chunks load in.
import { z } from 'zod'

z.config({ jitless: true })

export { z }

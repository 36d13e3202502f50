import { RouterProvider } from '@tanstack/react-router'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

import './index.css'
import { createQueryClient } from './lib/query-client'
import { meQueryOptions } from './lib/session'
import { createAppRouter } from './router'

const queryClient = createQueryClient({
  // The session ended behind our back: forget it, and the route guard sends the visitor to sign in.
  onSessionLost: () => {
    queryClient.setQueryData(meQueryOptions.queryKey, null)
    void router.invalidate()
  },
})
const router = createAppRouter({ queryClient })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
)

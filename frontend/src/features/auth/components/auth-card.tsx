import type { ReactNode } from 'react'

import { Logo } from '@/components/ui/logo'

/** The frame of the sign-in and registration pages. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-sm">
        <Logo className="size-10" />
        <h1 className="mt-6 mb-8 text-3xl font-extrabold">{title}</h1>
        {children}
      </div>
    </main>
  )
}

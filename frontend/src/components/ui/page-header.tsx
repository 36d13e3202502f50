import { useCanGoBack, useRouter } from '@tanstack/react-router'
import { ArrowLeft } from 'lucide-react'
import type { ReactNode } from 'react'

type PageHeaderProps = {
  title: ReactNode
  subtitle?: ReactNode
  /** A back arrow, for pages one reaches from another (a tweet, a profile). */
  back?: boolean
  children?: ReactNode
}

/** The sticky, translucent title bar at the top of the middle column. */
export function PageHeader({ title, subtitle, back = false, children }: PageHeaderProps) {
  const router = useRouter()
  const canGoBack = useCanGoBack()

  return (
    <header className="sticky top-0 z-10 border-b border-line bg-page/85 backdrop-blur">
      <div className="flex min-h-14 items-center gap-6 px-4">
        {back && (
          <button
            type="button"
            aria-label="Back"
            onClick={() => (canGoBack ? router.history.back() : void router.navigate({ to: '/' }))}
            className="-ml-2 rounded-full p-2 hover:bg-subtle"
          >
            <ArrowLeft aria-hidden className="size-5" />
          </button>
        )}
        <div className="min-w-0">
          <h1 className="truncate text-xl font-bold">{title}</h1>
          {subtitle && <p className="truncate text-[13px] text-muted">{subtitle}</p>}
        </div>
      </div>
      {children}
    </header>
  )
}

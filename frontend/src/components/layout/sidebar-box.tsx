import type { ReactNode } from 'react'

/** A rounded box in the sidebar, with its title. */
export function SidebarBox({ title, children }: { title: string; children: ReactNode }) {
  const id = `sidebar-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <section aria-labelledby={id} className="overflow-hidden rounded-2xl border border-line">
      <h2 id={id} className="px-4 pt-3 pb-1 text-xl font-extrabold">
        {title}
      </h2>
      {children}
    </section>
  )
}

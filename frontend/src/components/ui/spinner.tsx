import { LoaderCircle } from 'lucide-react'

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div role="status" className="flex justify-center p-6 text-accent">
      <LoaderCircle aria-hidden className="size-7 animate-spin" />
      <span className="sr-only">{label}</span>
    </div>
  )
}

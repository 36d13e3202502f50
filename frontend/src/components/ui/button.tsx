import type { ButtonHTMLAttributes } from 'react'

type Variant = 'primary' | 'outline' | 'danger' | 'ghost' | 'inverse'
type Size = 'sm' | 'md' | 'lg'

const variants: Record<Variant, string> = {
  primary: 'bg-accent-fill text-white hover:bg-accent-fill-hover',
  outline: 'border border-line bg-transparent text-ink hover:bg-subtle',
  danger: 'bg-danger-fill text-white hover:opacity-90',
  ghost: 'bg-transparent text-ink hover:bg-subtle',
  inverse: 'bg-ink text-page hover:opacity-90',
}

const sizes: Record<Size, string> = {
  sm: 'min-h-8 px-4 text-sm',
  md: 'min-h-9 px-4 text-[15px]',
  lg: 'min-h-12 px-6 text-[17px]',
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant
  size?: Size
}

/** A pill-shaped button, as everywhere in the design. */
export function Button({ variant = 'primary', size = 'md', className, type = 'button', ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-2 rounded-full font-bold transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${sizes[size]} ${className ?? ''}`}
      {...props}
    />
  )
}

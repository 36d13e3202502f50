type TweetMediaProps = {
  urls: string[]
  author: string
}

/** Up to four images: one across, two side by side, three or four in a grid. */
export function TweetMedia({ urls, author }: TweetMediaProps) {
  if (urls.length === 0) return null
  const layout = urls.length === 1 ? 'grid-cols-1' : 'grid-cols-2'

  return (
    <div className={`mt-3 grid ${layout} gap-0.5 overflow-hidden rounded-2xl border border-line`}>
      {urls.map((url, index) => (
        <img
          key={url}
          src={url}
          alt={`Image ${index + 1} of ${urls.length} attached by @${author}`}
          loading="lazy"
          className={`w-full bg-subtle object-cover ${urls.length === 1 ? 'max-h-[510px]' : 'aspect-square'} ${urls.length === 3 && index === 0 ? 'row-span-2 h-full' : ''}`}
        />
      ))}
    </div>
  )
}

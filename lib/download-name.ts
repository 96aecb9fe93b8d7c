// The file name a CSV or NDJSON export gets when the handler gives none: the route's last path
// segment (`/exports/posts` gives `posts.csv`, `/posts.csv` stays `posts.csv`), or `export.<ext>`
// when that segment is a parameter, a wildcard or nothing usable.
const PLAIN_SEGMENT = /^[A-Za-z0-9][\w.-]*$/

/** `url` is the route's pattern (request.routeOptions.url), `extension` without its dot. */
export function defaultDownloadName (url: string | undefined, extension: string): string {
  const segment = (url ?? '').split('?')[0].split('/').filter(part => part !== '').pop() ?? ''
  if (!PLAIN_SEGMENT.test(segment)) return `export.${extension}`
  return segment.toLowerCase().endsWith(`.${extension}`) ? segment : `${segment}.${extension}`
}

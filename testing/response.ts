// One view of a response, whichever client produced it: `app.inject` (light-my-request), undici's
// `request`, Node's IncomingMessage (`statusCode` + a headers object) or a fetch `Response`
// (`status` + a Headers object). The helpers read status and headers through it only.

/** What the helpers accept: an inject or undici response, an IncomingMessage, or a fetch Response. */
export type TestResponse =
  | { statusCode: number, headers: Record<string, string | string[] | number | undefined> }
  | { status: number, headers: HeadersLike }

/** The part of the fetch Headers class the helpers use. */
export interface HeadersLike {
  get (name: string): string | null
  forEach (callback: (value: string, name: string) => void): void
  getSetCookie? (): string[]
}

export interface ResponseView {
  status: number
  /** Lower-case names; every header but Set-Cookie as one string. */
  headers: Record<string, string>
  /** Each Set-Cookie line on its own. */
  setCookie: string[]
}

function isHeadersLike (headers: unknown): headers is HeadersLike {
  return typeof (headers as HeadersLike).get === 'function' && typeof (headers as HeadersLike).forEach === 'function'
}

/** Reads any supported response; a TypeError says what was passed instead. */
export function viewResponse (response: TestResponse, helper: string): ResponseView {
  const candidate = response as { statusCode?: unknown, status?: unknown, headers?: unknown } | null
  const headers = candidate?.headers
  const status = typeof candidate?.statusCode === 'number' ? candidate.statusCode : candidate?.status
  if (typeof status !== 'number' || headers === null || typeof headers !== 'object') {
    throw new TypeError(`${helper}: expected a response (from app.inject, undici or fetch), got ${describe(response)}`)
  }
  const view: ResponseView = { status, headers: {}, setCookie: [] }
  if (isHeadersLike(headers)) {
    headers.forEach((value, name) => { if (name !== 'set-cookie') view.headers[name] = value })
    view.setCookie = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : splitLines(headers.get('set-cookie'))
    return view
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined) continue
    const key = name.toLowerCase()
    if (key === 'set-cookie') view.setCookie.push(...(Array.isArray(value) ? value.map(String) : [String(value)]))
    else view.headers[key] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return view
}

// A Headers object without getSetCookie() joins the lines with ', '; a comma followed by a
// `name=` starts a new cookie (an Expires date has a comma followed by a space and a day).
function splitLines (joined: string | null): string[] {
  return joined === null ? [] : joined.split(/,\s*(?=[^;,=\s]+=)/)
}

export function describe (value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an object with keys ${JSON.stringify(Object.keys(value as object))}`
  return typeof value
}

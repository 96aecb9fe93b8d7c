// A browser-like client for the cookie tests: requests go to the real socket, but the cookie jar
// (tough-cookie, an independent RFC 6265bis implementation) sees them as coming from `origin`, so
// one server can be tried as an https:// site and as an http:// one. X-Forwarded-Proto tells the
// server which (apps that care use trustProxy).
import { request } from 'undici'
import { CookieJar } from 'tough-cookie'

export interface Answer {
  status: number
  body: string
  /** Each Set-Cookie header line as sent. */
  setCookie: string[]
  /** What the jar refused to store, one message per refused line. */
  rejected: string[]
}

export class Browser {
  readonly jar = new CookieJar()

  constructor (readonly base: string, readonly origin: string) {}

  async get (path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const url = this.origin + path
    const cookie = await this.jar.getCookieString(url)
    const res = await request(this.base + path, {
      headers: {
        ...(cookie === '' ? {} : { cookie }),
        'x-forwarded-proto': new URL(this.origin).protocol.slice(0, -1),
        ...headers,
      },
    })
    const body = await res.body.text()
    const raw = res.headers['set-cookie']
    const setCookie = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    const rejected: string[] = []
    for (const line of setCookie) {
      try {
        const stored = await this.jar.setCookie(line, url, { ignoreError: false })
        if (stored === undefined) rejected.push(line)
      } catch (err) {
        rejected.push(`${line} -> ${(err as Error).message}`)
      }
    }
    return { status: res.statusCode, body, setCookie, rejected }
  }

  /** name=value pairs the jar would send to `path` of its origin. */
  async cookies (path = '/'): Promise<Record<string, string>> {
    const list = await this.jar.getCookies(this.origin + path)
    return Object.fromEntries(list.map(c => [c.key, c.value]))
  }
}

/** Raw request with exactly these headers (for hostile Cookie headers). */
export async function rawGet (base: string, path: string, headers: Record<string, string | string[]>): Promise<{ status: number, body: string, setCookie: string[] }> {
  const res = await request(base + path, { headers })
  const body = await res.body.text()
  const raw = res.headers['set-cookie']
  return { status: res.statusCode, body, setCookie: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] }
}

// End to end in a real browser: Debian's headless Chromium (never a downloaded one) driven by
// playwright-core. The HttpOnly cookies are in the browser's jar but not in document.cookie; the
// export's non-ASCII filename is the name the browser saves under; /health renders.
// Runs when /usr/bin/chromium exists, and always with CI=true (where a missing one fails it).
import t from 'tap'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { chromium, type BrowserContext } from 'playwright-core'
import { EXPORT_FILENAME } from '../examples/blog/app.js'
import { SEED_EMAIL, SEED_PASSWORD } from '../examples/blog/db.js'
import { startBlog, TEST_POSTS } from './helpers/blog.js'
import { findBinary, skipUnless } from './helpers/e2e.js'
import { tempDir } from './helpers/temp.js'

const executablePath = findBinary(['/usr/bin/chromium'])
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic']

t.test('the blog in headless Chromium', { skip: skipUnless(executablePath, 'chromium', 'chromium') }, async (t) => {
  if (executablePath === undefined) throw new Error('/usr/bin/chromium is required with CI=true: .ci/run installs it with apt-get')
  const { base } = await startBlog(t)
  const dir = await tempDir(t, 'blog-browser-')
  // A fresh profile per run: nothing from an earlier run (cookies, cache) can make a check pass.
  const context: BrowserContext = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath, headless: true, args: ARGS, acceptDownloads: true, downloadsPath: join(dir, 'downloads'),
  })
  t.teardown(() => context.close())
  const page = await context.newPage()

  t.test('/health renders', async (t) => {
    const response = await page.goto(`${base}/health`)
    t.equal(response?.status(), 200)
    t.equal(await page.title(), 'Blog health')
    t.equal(await page.locator('h1').textContent(), 'Blog: ok')
    t.equal(await page.locator('#posts').textContent(), `${TEST_POSTS} posts`)
  })

  t.test('document.cookie cannot read the HttpOnly cookies the browser holds', async (t) => {
    await page.goto(`${base}/health`)
    // Log in from the page, as a form's script would; the browser stores what the response sets.
    const status = await page.evaluate(async ([email, password]) => {
      const response = await fetch('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
      return response.status
    }, [SEED_EMAIL, SEED_PASSWORD])
    t.equal(status, 200)
    await page.goto(`${base}/posts/2`)

    // Chromium treats http://127.0.0.1 as potentially trustworthy, so it accepts Secure and
    // __Host- cookies here: both really are in its jar (else the next check would prove nothing).
    const jar = await context.cookies(base)
    const byName = new Map(jar.map((c) => [c.name, c]))
    t.match(byName.get('__Host-session_id'), { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
    t.match(byName.get('last_viewed_post'), { value: '2', httpOnly: true, secure: true, sameSite: 'Lax' })

    // A cookie set by script is visible, so document.cookie works; the HttpOnly ones are not in it.
    await page.evaluate(() => { document.cookie = 'probe=visible; path=/' })
    const visible = await page.evaluate(() => document.cookie)
    t.match(visible, 'probe=visible')
    t.notMatch(visible, /session_id|last_viewed_post/)

    // The browser still sends them: the session works from the page.
    const profile = await page.evaluate(async () => (await fetch('/profile')).json())
    t.equal(profile.email, SEED_EMAIL)
    t.notOk('password_hash' in profile)
  })

  t.test('the export downloads under its non-ASCII filename', async (t) => {
    await page.goto(`${base}/health`)
    const downloading = page.waitForEvent('download')
    await page.evaluate((href) => {
      const link = document.createElement('a')
      link.href = href
      document.body.append(link)
      link.click()
    }, '/exports/posts.csv')
    const download = await downloading
    t.equal(download.suggestedFilename(), EXPORT_FILENAME, 'Chromium took the UTF-8 filename* name')
    const saved = join(dir, download.suggestedFilename())
    await download.saveAs(saved)
    const rows = parseCsv(await readFile(saved, 'utf8'), { columns: true }) as Array<Record<string, string>>
    t.equal(rows.length, TEST_POSTS, 'the whole file, saved under that name')
  })
})

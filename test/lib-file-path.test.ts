// refuseRequestedPath, resolveFilePath (with real symlinks in a temp tree), the error mapping,
// whenOpen and the media types of file names.
import { test } from 'tap'
import { createReadStream } from 'node:fs'
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  fileErrorOf, isInside, refusalError, refusalOf, refusalOrThrow, refuseRequestedPath, resolveFilePath,
} from '../lib/file-path.js'
import { readSmallFile, whenOpen } from '../lib/file-stream.js'
import { mediaTypeOf, withCharset } from '../lib/media-type.js'
import { tempDir } from './helpers/temp.js'

test('refuseRequestedPath', async (t) => {
  for (const ok of ['a.txt', 'sub/a.txt', 'a..b.txt', 'a.', 'sub//a.txt', '100%.txt', 'a%20b.txt', 'x%2', '.', './a', 'a/./b', './posts.csv']) {
    t.equal(refuseRequestedPath(ok), undefined, ok)
  }
  const forbidden = ['..', '../a', 'sub/../a', 'sub/..', './..', './.env', '.env', 'sub/.git/config', '/etc/passwd', 'a\0b',
    'a\\b', '..\\a', '%2e%2e/a', '%2E%2E', '..%2fa', 'sub%2F..', '%5c', '%00', 'a%2ea']
  for (const path of forbidden) t.equal(refuseRequestedPath(path), 'forbidden', JSON.stringify(path))
  t.equal(refuseRequestedPath(''), 'not-found')
  for (const folder of ['sub/', 'a.txt/', './']) t.equal(refuseRequestedPath(folder), 'not-found', `${folder}: a trailing slash names a folder`)
})

test('isInside', async (t) => {
  t.equal(isInside('/srv/files', '/srv/files/a'), true)
  t.equal(isInside('/srv/files', '/srv/files'), true)
  t.equal(isInside('/srv/files', '/srv/files-other/a'), false, 'a sibling with the same prefix')
  t.equal(isInside('/srv/files', '/srv'), false)
  t.equal(isInside('/', '/etc/passwd'), true)
})

test('resolveFilePath with a root follows links but stays inside', async (t) => {
  const base = await realpath(await tempDir(t, 'file-path-test-'))
  const root = join(base, 'root')
  const outside = join(base, 'outside')
  await mkdir(join(root, 'sub'), { recursive: true })
  await mkdir(outside)
  await writeFile(join(root, 'a.txt'), 'a')
  await writeFile(join(outside, 'secret.txt'), 's')
  await symlink(join(root, 'a.txt'), join(root, 'in'))
  await symlink(join(outside, 'secret.txt'), join(root, 'out'))
  await symlink(outside, join(root, 'dir-out'))
  await symlink(root, join(root, 'self'))
  await symlink('../outside/secret.txt', join(root, 'relative-out'))
  await symlink(join(root, 'loop2'), join(root, 'loop1'))
  await symlink(join(root, 'loop1'), join(root, 'loop2'))

  t.same(resolveFilePath('a.txt', root), { path: join(root, 'a.txt') })
  t.same(resolveFilePath('in', root), { path: join(root, 'a.txt') })
  t.same(resolveFilePath('sub', root), { path: join(root, 'sub') }, 'folders are for the caller to refuse')
  t.same(resolveFilePath('self', root), { path: root })
  t.same(resolveFilePath('out', root), { refused: 'forbidden' })
  t.same(resolveFilePath('relative-out', root), { refused: 'forbidden' })
  t.same(resolveFilePath('dir-out/secret.txt', root), { refused: 'forbidden' })
  t.same(resolveFilePath('loop1', root), { refused: 'forbidden' })
  t.same(resolveFilePath('missing.txt', root), { refused: 'not-found' })
  t.same(resolveFilePath('a.txt/x', root), { refused: 'not-found' })
  t.same(resolveFilePath('x'.repeat(300), root), { refused: 'not-found' })
  t.same(resolveFilePath('../outside/secret.txt', root), { refused: 'forbidden' })
  t.same(resolveFilePath('', root), { refused: 'not-found' })
})

test('resolveFilePath without a root', async (t) => {
  t.same(resolveFilePath('/etc/./hosts'), { path: '/etc/hosts' })
  t.same(resolveFilePath('some/file.txt'), { path: resolve('some/file.txt') })
  t.same(resolveFilePath('/srv/report.pdf', undefined, false), { path: '/srv/report.pdf' }, 'an absolute path the application wrote')
  t.same(resolveFilePath(''), { refused: 'not-found' })
  t.same(resolveFilePath('some/folder/'), { refused: 'not-found' })
  // The traversal tricks refused as under a root (issue 17): raw or encoded `..`, NUL, backslashes.
  for (const path of ['/tmp/a\0b', '/etc/../etc/hosts', '../../etc/hostname', 'a/..', '..%2F..%2Fetc%2Fhostname',
    '%2e%2e/etc/hostname', '%2Fetc%2Fhostname', 'a\\..\\b', '%00']) {
    t.same(resolveFilePath(path), { refused: 'forbidden' }, JSON.stringify(path))
  }
  t.same(resolveFilePath('/etc/hostname', undefined, true), { refused: 'forbidden' }, 'an absolute path from the request')
  t.same(resolveFilePath('sub/a.txt', undefined, true), { path: resolve('sub/a.txt') }, 'a relative one from the request')
})

test('file system errors as the client sees them', async (t) => {
  const errno = (code: string) => Object.assign(new Error(code), { code })
  for (const code of ['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'EISDIR', 'EFTYPE']) t.equal(refusalOf(errno(code)), 'not-found', code)
  for (const code of ['EACCES', 'EPERM', 'ELOOP']) t.equal(refusalOf(errno(code)), 'forbidden', code)
  t.equal(refusalOf(errno('EIO')), undefined)
  t.equal(refusalOf(new Error('no code')), undefined)
  t.equal(refusalOf(undefined), undefined)
  t.equal(refusalOrThrow(errno('ENOENT')), 'not-found')
  const io = errno('EIO')
  t.throws(() => refusalOrThrow(io), io, 'other errors are thrown again')
  t.match(refusalError('forbidden', 'x'), { code: 'FST_REPLYKIT_FILE_FORBIDDEN', statusCode: 403, message: /x/ })
  t.match(refusalError('not-found', 'y'), { code: 'FST_REPLYKIT_FILE_NOT_FOUND', statusCode: 404, message: /y/ })
  t.match(fileErrorOf(errno('ENOENT'), 'f.txt'), { code: 'FST_REPLYKIT_FILE_NOT_FOUND' })
  t.match(fileErrorOf(errno('EACCES'), 'f.txt'), { code: 'FST_REPLYKIT_FILE_FORBIDDEN' })
  t.equal(fileErrorOf(io, 'f.txt'), io)
})

test('whenOpen waits for the descriptor and reports open errors', async (t) => {
  const dir = await tempDir(t, 'file-stream-test-')
  await writeFile(join(dir, 'f.txt'), 'f')
  const stream = createReadStream(join(dir, 'f.txt'))
  t.teardown(() => { stream.destroy() })
  await whenOpen(stream)
  t.equal(typeof (stream as unknown as { fd: unknown }).fd, 'number')
  t.equal(stream.listenerCount('error'), 0, 'no listener left behind')
  await whenOpen(stream)
  t.pass('an open stream resolves at once')
  const missing = createReadStream(join(dir, 'gone.txt'))
  await t.rejects(whenOpen(missing), { code: 'ENOENT' })
})

test('media types from file names', async (t) => {
  t.equal(mediaTypeOf('a.csv'), 'text/csv; charset=utf-8')
  t.equal(mediaTypeOf('a.json'), 'application/json; charset=utf-8')
  t.equal(mediaTypeOf('a.js'), 'text/javascript; charset=utf-8')
  t.equal(mediaTypeOf('a.svg'), 'image/svg+xml')
  t.equal(mediaTypeOf('a.pdf'), 'application/pdf')
  t.equal(mediaTypeOf('a.png'), 'image/png')
  t.equal(mediaTypeOf('noext'), 'application/octet-stream')
  t.equal(mediaTypeOf('a.unknownext'), 'application/octet-stream')
  t.equal(withCharset('application/ld+json'), 'application/ld+json; charset=utf-8')
  t.equal(withCharset('application/xml'), 'application/xml; charset=utf-8')
  t.equal(withCharset('text/plain; charset=iso-8859-1'), 'text/plain; charset=iso-8859-1')
  t.equal(withCharset('application/jsonx'), 'application/jsonx')
})

test('readSmallFile reads a file at once', async (t) => {
  const dir = await tempDir(t, 'file-stream-test-')
  await writeFile(join(dir, 'f.txt'), 'hello')
  t.equal((await readSmallFile(join(dir, 'f.txt'), 5)).toString(), 'hello')
  t.equal((await readSmallFile(join(dir, 'f.txt'), 3)).toString(), 'hel', 'at most size bytes')
  t.equal((await readSmallFile(join(dir, 'f.txt'), 10)).toString(), 'hello', 'a file that shrank since its stat')
  t.equal((await readSmallFile(join(dir, 'f.txt'), 0)).length, 0)
  await t.rejects(readSmallFile(join(dir, 'gone.txt'), 5), { code: 'ENOENT' })
  await t.rejects(readSmallFile(dir, 5), { code: 'EISDIR' }, 'a folder opens but cannot be read')
})

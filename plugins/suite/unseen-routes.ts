// Routes the suite never saw. Each part does its per-route work in onRoute, and onRoute only sees
// the routes added after the hook: a route added before (replyKit registered without `await` and
// the route right after it, or registered after the routes) would silently get none of it.
//
// Found from the one public list of routes Fastify has, its printed route tree, read when a part is
// registered: every route already there was added before that part. Registered on the root
// context, the part reaches every route, so each one found is a finding at ready() (an error under
// a strict responseGuard, else a warning logged once per route). Registered in an encapsulated
// context, the routes found may live elsewhere, out of reach on purpose; so an onRequest hook of
// that context (Fastify gives app-level hooks to the context's earlier routes too, at ready) tells
// at a route's first request: it is logged once, and answered with a 500 under a strict guard.
// Apps that register the suite first pay nothing: no route found, no hook.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { ReplyKitRouteUnseenError } from '../../lib/errors.js'
import { routesOfTree, type PrintedRoute } from '../../lib/route-tree.js'

interface Missed {
  /** 'GET,POST /users/:id', for messages. */
  label: string
  parts: Set<string>
}
interface AppWatch {
  /** Routes at the root that a part missed, by 'METHOD url' (each method of the route). */
  missed: Map<string, Missed>
  strict: boolean
  readyHooked: boolean
}

const apps = new WeakMap<object, AppWatch>()
// Contexts where replyKit is registering its parts: it took one snapshot for all of them.
const umbrellas = new WeakSet<object>()

export interface WatchOptions {
  /** A strict responseGuard: unseen routes fail ready() (or their requests) instead of a warning. */
  strict?: boolean
}

/** replyKit: its parts are registered inside `run`, and report as 'replyKit'. */
export async function asUmbrella (fastify: FastifyInstance, run: () => Promise<void>): Promise<void> {
  umbrellas.add(fastify)
  try {
    await run()
  } finally {
    umbrellas.delete(fastify)
  }
}

function rootOf (fastify: FastifyInstance): object {
  let instance: object = fastify
  // An encapsulated context is Object.create(its parent); the root is a plain object.
  while (Object.getPrototypeOf(instance) !== Object.prototype) instance = Object.getPrototypeOf(instance)
  return instance
}

function appWatch (fastify: FastifyInstance): AppWatch {
  const root = rootOf(fastify)
  let app = apps.get(root)
  if (app === undefined) {
    app = { missed: new Map(), strict: false, readyHooked: false }
    apps.set(root, app)
  }
  return app
}

/** The route's methods, without the HEAD route Fastify adds beside a GET. */
function labelsOf (routes: PrintedRoute[]): Map<string, string> {
  const byUrl = new Map<string, string[]>()
  for (const { method, url } of routes) byUrl.set(url, [...byUrl.get(url) ?? [], method])
  const labels = new Map<string, string>()
  for (const [url, methods] of byUrl) {
    const shown = methods.includes('GET') ? methods.filter(m => m !== 'HEAD') : methods
    labels.set(url, `${shown.join(',')} ${url}`)
  }
  return labels
}

function finding (missed: Missed): string {
  return `${missed.label} was added before ${[...missed.parts].join(', ')} was registered, so fastify-reply-kit ` +
    'never saw it (no response-schema guard, cache policy or declared headers on it): ' +
    'await app.register(...) before adding routes'
}

/**
 * Called by each part (replyKit once for all of its parts) when it is registered. Routes already
 * in the app were added before its onRoute hook: they are findings (see the top of the file).
 */
export function watchUnseenRoutes (fastify: FastifyInstance, part: string, options: WatchOptions = {}): void {
  const app = appWatch(fastify)
  if (options.strict === true) app.strict = true
  if (umbrellas.has(fastify)) return
  const routes = routesOfTree(fastify.printRoutes())
  if (routes.length === 0) return
  const labels = labelsOf(routes)
  const atRoot = rootOf(fastify) === fastify
  const missed = new Map<string, Missed>()
  const byUrl = new Map<string, Missed>()
  for (const { method, url } of routes) {
    const key = `${method} ${url}`
    // One entry per route (its GET and HEAD share it), kept across parts at the root.
    let entry = (atRoot ? app.missed.get(key) : undefined) ?? byUrl.get(url)
    if (entry === undefined) {
      entry = { label: labels.get(url)!, parts: new Set() }
      byUrl.set(url, entry)
    }
    entry.parts.add(part)
    missed.set(key, entry)
  }
  if (atRoot) {
    for (const [key, entry] of missed) app.missed.set(key, entry)
    if (!app.readyHooked) {
      app.readyHooked = true
      fastify.addHook('onReady', async function reportUnseenRoutes () { report(fastify, app) })
    }
    return
  }
  const logged = new Set<Missed>()
  fastify.addHook('onRequest', function checkUnseenRoute (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
    const entry = missed.get(`${request.method} ${request.routeOptions.url}`)
    if (entry === undefined) {
      done()
      return
    }
    const error = new ReplyKitRouteUnseenError(finding(entry))
    if (!logged.has(entry)) {
      logged.add(entry)
      request.log.warn({ err: error }, `fastify-reply-kit: ${error.message} (logged once per route)`)
    }
    done(app.strict ? error : undefined)
  })
}

function report (fastify: FastifyInstance, app: AppWatch): void {
  const lines = [...new Set(app.missed.values())].map(finding)
  app.missed.clear()
  if (app.strict) throw new ReplyKitRouteUnseenError(lines.join('\n'))
  for (const line of lines) fastify.log.warn(`fastify-reply-kit: ${line}`)
}

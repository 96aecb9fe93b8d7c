// The routes of a find-my-way tree as Fastify prints it (`app.printRoutes()`, commonPrefix on):
// the one public view of routes that were added before any onRoute hook of ours existed.
// Each line is a node: an indent of 4-character groups, a branch mark, the node's path part and,
// on a node that ends routes, ` (GET, HEAD)` and maybe constraints as JSON. A line without a
// branch mark is another route of the node above (other constraints).

export interface PrintedRoute { method: string, url: string }

const BRANCH = /^((?:[│ ] {3})*)[├└]── (.*)$/
const CONTINUATION = /^((?:[│ ] {3})*)(.*)$/
const METHODS = / \(([A-Z]+(?:, [A-Z]+)*)\)(?: \{.*\})?$/

/** Every (method, url) pair of a printed tree, in print order, without duplicates. */
export function routesOfTree (printed: string): PrintedRoute[] {
  const path: string[] = []
  const seen = new Set<string>()
  const routes: PrintedRoute[] = []
  for (const line of printed.split('\n')) {
    const branch = BRANCH.exec(line)
    let text: string
    if (branch !== null) {
      const depth = branch[1].length / 4
      text = branch[2]
      const methods = METHODS.exec(text)
      path.length = depth
      path.push(methods === null ? text : text.slice(0, methods.index))
    } else {
      text = CONTINUATION.exec(line)![2]
    }
    const methods = METHODS.exec(text)
    if (methods === null) continue
    const url = path.join('')
    for (const method of methods[1].split(', ')) {
      const key = `${method} ${url}`
      if (seen.has(key)) continue
      seen.add(key)
      routes.push({ method, url })
    }
  }
  return routes
}

// Reads a multipart/byteranges body with dicer, an independent multipart parser: each part's
// headers and bytes, as a client would see them.
import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'

interface DicerPart {
  on (event: 'header', listener: (header: Record<string, string[]>) => void): DicerPart
  on (event: 'data', listener: (chunk: Buffer) => void): DicerPart
  on (event: 'end' | 'error', listener: (err?: Error) => void): DicerPart
}
type DicerStream = Writable & { on (event: 'part', listener: (part: DicerPart) => void): DicerStream }
const Dicer = createRequire(import.meta.url)('dicer') as new (options: { boundary: string }) => DicerStream

export interface Part { headers: Record<string, string[]>, data: Buffer }

/** The parts of `body`, sent with Content-Type `contentType` (its boundary parameter is used). */
export function parseByteranges (body: Buffer, contentType: string): Promise<Part[]> {
  const match = /^multipart\/byteranges; boundary=([0-9A-Za-z'()+_,-./:=?]+)$/.exec(contentType)
  if (match === null) throw new Error(`not multipart/byteranges: ${contentType}`)
  return new Promise((resolve, reject) => {
    const parts: Part[] = []
    const dicer = new Dicer({ boundary: match[1] as string })
    dicer.on('part', (part) => {
      const chunks: Buffer[] = []
      let headers: Record<string, string[]> = {}
      part.on('header', (h) => { headers = h })
      part.on('data', (chunk) => chunks.push(chunk))
      part.on('end', () => parts.push({ headers, data: Buffer.concat(chunks) }))
      part.on('error', reject)
    })
    dicer.on('error', reject)
    dicer.on('finish', () => resolve(parts))
    dicer.end(body)
  })
}

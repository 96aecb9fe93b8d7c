// The ```ts blocks of a Markdown file, with the doc-test convention of docs/CONTRIBUTING-docs.md:
// `<!-- doc-prelude` ... `-->` holds hidden code put before every later block of the file (a later
// prelude replaces it); `<!-- doc-test: skip reason -->` or `<!-- doc-test: run -->` on the line
// just before a block skips it, or also runs it as a program.
export interface DocBlock {
  /** 1-based line of the block's first code line in the Markdown file. */
  line: number
  code: string
  prelude: string
  mode: 'check' | 'run' | 'skip'
}

export function docBlocks (markdown: string): DocBlock[] {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  let prelude = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '<!-- doc-prelude') {
      const end = lines.indexOf('-->', i + 1)
      if (end === -1) throw new Error(`line ${i + 1}: a doc-prelude comment without its closing -->`)
      prelude = lines.slice(i + 1, end).join('\n')
      i = end
      continue
    }
    const fence = /^(\s*)```(\w*)\s*$/.exec(line)
    if (fence === null) continue
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```')
    if (end === -1) throw new Error(`line ${i + 1}: a code block without its closing fence`)
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      const marker = /^<!-- doc-test: (skip|run)\b.*-->$/.exec(lines[i - 1]?.trim() ?? '')
      blocks.push({ line: i + 2, code: lines.slice(i + 1, end).join('\n'), prelude, mode: marker === null ? 'check' : marker[1] as 'skip' | 'run' })
    }
    i = end
  }
  return blocks
}

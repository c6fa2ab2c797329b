#!/usr/bin/env node
// Type-checks every ```ts block of the Markdown files given (default: every
// docs/*.md that has one) against the built `zmgr` and `zmgr/testing` types, as
// a plugin author would compile them: each block is its own ES module in a
// temporary project whose node_modules is this repository's, all compiled by one
// tsc run. Errors are reported at the line of the Markdown file. Run after
// `npm run build`; test/host/doc-examples.test.ts runs it.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The ```ts blocks of the text, each with the Markdown line its first code line is on. */
function tsBlocks(text) {
  const blocks = []
  let current
  for (const [index, line] of text.split('\n').entries()) {
    if (current === undefined && /^```ts\s*$/.test(line)) current = {line: index + 2, code: []}
    else if (current !== undefined && /^```\s*$/.test(line)) {
      blocks.push(current)
      current = undefined
    } else current?.code.push(line)
  }
  return blocks
}

const docs = join(repo, 'docs')
const given = process.argv.slice(2).map((file) => resolve(file))
const files = given.length > 0 ? given : readdirSync(docs).map((name) => join(docs, name))
const shown = (file) => relative(process.cwd(), file) || file
/** Every block of every file, each with the file it is in. */
const blocks = []
for (const file of files.filter((file) => file.endsWith('.md'))) {
  const found = tsBlocks(readFileSync(file, 'utf8'))
  if (found.length === 0 && given.length > 0) {
    console.error(`${shown(file)}: no \`\`\`ts examples to check`)
    process.exit(1)
  }
  blocks.push(...found.map((block) => ({...block, file})))
}
const work = mkdtempSync(join(tmpdir(), 'zmgr-doc-examples-'))
try {
  symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'), 'dir')
  writeFileSync(join(work, 'package.json'), JSON.stringify({type: 'module', private: true}))
  const sources = blocks.map((block, index) => {
    const file = `example-${index + 1}.ts`
    // `export {}` makes a block without imports a module too (top-level await).
    writeFileSync(join(work, file), `${block.code.join('\n')}\nexport {}\n`)
    return file
  })
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'Node16',
        moduleResolution: 'Node16',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        noImplicitOverride: true,
        types: ['node', 'mocha'],
      },
      files: sources,
    }),
  )
  const tsc = spawnSync(
    process.execPath,
    [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work, '--pretty', 'false'],
    {cwd: work, encoding: 'utf8'},
  )
  const output = `${tsc.stdout}${tsc.stderr}`
  // example-N.ts(LINE,COL): error TS...: point at the Markdown line instead.
  const located = output.replace(/^example-(\d+)\.ts\((\d+),(\d+)\)/gm, (_, index, line, column) => {
    const block = blocks[Number(index) - 1]
    return `${shown(block.file)}:${block.line + Number(line) - 1}:${column}`
  })
  if (tsc.status !== 0) {
    process.stderr.write(located)
    console.error('the examples above do not type-check against the built zmgr (npm run build first)')
    process.exit(1)
  }
  for (const file of new Set(blocks.map((block) => block.file)))
    console.log(
      `${shown(file)}: ${blocks.filter((block) => block.file === file).length} TypeScript examples type-check`,
    )
} finally {
  rmSync(work, {recursive: true, force: true})
}

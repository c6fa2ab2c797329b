#!/usr/bin/env node
import module from 'node:module'

// Node 22.1+ keeps compiled code between runs, which shortens every start-up
// (older Nodes lack it). It must be on before oclif is loaded, hence the dynamic import.
module.enableCompileCache?.()
// oclif from zmgr's bundle (scripts/bundle.js): the same instance as the SDK and the commands.
const {default: oclif} = await import('../dist/bundle/oclif.js')
// zmgr and its plugins run built JavaScript; a linked plugin is rebuilt by its author, never transpiled here.
oclif.settings.enableAutoTranspile = false

await oclif.execute({dir: import.meta.url})

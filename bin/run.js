#!/usr/bin/env node
import module from 'node:module'

// Node 22.1+ keeps compiled code between runs, which shortens every start-up
// (older Nodes lack it). It must be on before oclif is loaded, hence the dynamic import.
module.enableCompileCache?.()
const {execute, settings} = await import('@oclif/core')
// zmgr and its plugins run built JavaScript; a linked plugin is rebuilt by its author, never transpiled here.
settings.enableAutoTranspile = false

await execute({dir: import.meta.url})

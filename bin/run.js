#!/usr/bin/env node
import module from 'node:module'
import {execute} from '@oclif/core'

// Node 22.1+ keeps compiled code between runs, which shortens every start-up; older Nodes lack it.
module.enableCompileCache?.()

await execute({dir: import.meta.url})

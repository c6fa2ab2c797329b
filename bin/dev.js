#!/usr/bin/env -S node --import tsx --no-warnings
// Runs zmgr from the TypeScript sources (src/ and plugins/*/src) without a build.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})

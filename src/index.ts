/**
 * The zmgr SDK: everything a plugin (built-in or third-party) may use.
 * Plugins import from 'zmgr' only, never from a host file by path.
 */
export * from './errors.js'
export * from './command.js'
export * from './output/diagnostics.js'
export * from './output/table.js'
export * from './fs/atomic.js'
export * from './fs/lock.js'
export * from './kdl/source.js'
export * from './kdl/reader.js'
export * from './kdl/writer.js'
export * from './names/illumos.js'
export * from './ipam/address.js'
export * from './registry/load.js'
export * from './registry/config.js'
export * from './registry/template.js'
export * from './registry/pool.js'
export * from './registry/zone.js'
export * from './registry/publisher.js'
export * from './registry/describe.js'
export * from './registry/registry.js'

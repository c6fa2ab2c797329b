/**
 * The starter set `zmgr init` writes: a working configuration for an
 * OpenIndiana host (ipkg zones, "OI" in the original notes, and nlipkg zones,
 * "OFL"), one example pool and the distribution's default publisher.
 */
export const STARTER_FILES: ReadonlyArray<{path: string; text: string}> = [
  {
    path: '.gitignore',
    text: `# The registry is meant for version control; these are zmgr's working files.
.locks/
.cache/
.work/
`,
  },
  {
    path: 'config.kdl',
    text: `// zmgr global settings. Every setting is optional.
default-template "oi"        // used by \`zmgr zones create NAME\` without --template
zonepath-root "/zones"       // zonepath = <zonepath-root>/<zone name>
vnic-name "{zone}_{index}"   // web01_0, web01_1, ...; always made a valid datalink name
`,
  },
  {
    path: 'templates/oi.kdl',
    text: `// OpenIndiana whole-root zone (ipkg brand), one exclusive-IP network.
template "oi" {
    brand "ipkg"
    autoboot #true
    ip-type "exclusive"
    net "public" pool="public" over="igb0"
    publisher "openindiana.org"
    capped-memory physical="2G" swap="4G"
}
`,
  },
  {
    path: 'templates/ofl.kdl',
    text: `// OpenIndiana non-linked zone (nlipkg brand): packages independent of the global zone.
template "ofl" {
    brand "nlipkg"
    autoboot #true
    ip-type "exclusive"
    net "public" pool="public" over="igb0"
    publisher "openindiana.org"
    capped-memory physical="1G" swap="2G"
}
`,
  },
  {
    path: 'pools/public.kdl',
    text: `// Addresses for zones on the public network. Zone files are the ledger:
// an address is taken while some zones/*.kdl holds it.
pool "public" {
    network "192.0.2.0/24"
    gateway "192.0.2.1"
    range "192.0.2.100" "192.0.2.199"
    reserve "192.0.2.150"
    dns {
        resolvers "192.0.2.53"
    }
}
`,
  },
  {
    path: 'publishers/openindiana.org.kdl',
    text: `// The OpenIndiana publisher, set in every zone image created from a template that names it.
publisher "openindiana.org" {
    origin "https://pkg.openindiana.org/hipster"
}
`,
  },
]

import type {Node} from '@bgotink/kdl'
import {readChildren} from '../kdl/reader.js'
import type {FileKind} from './load.js'

/** An IPS publisher applied to zone images with `pkg -R <zonepath>/root set-publisher`. */
export interface Publisher {
  name: string
  origins: string[]
  mirrors: string[]
  /** Make it the first publisher in search order (pkg set-publisher -P). */
  first: boolean
  sticky: boolean
  nodes: Map<string, Node>
}

const URI = /^(https?|file):\/\/\S+$/

export const publisherKind: FileKind<Publisher> = {
  kind: 'publisher',
  folder: 'publishers',
  node: 'publisher',
  read(view, name) {
    const publisher: Publisher = {name, origins: [], mirrors: [], first: false, sticky: true, nodes: new Map()}
    const uris = (list: string[]) => (child: Parameters<Parameters<typeof readChildren>[1][string]>[0]) => {
      child.expect({maxArgs: Number.POSITIVE_INFINITY})
      for (const [index, uri] of child.args('string').entries()) {
        if (URI.test(uri)) list.push(uri)
        else
          child.report(
            'zmgr::publisher::bad-uri',
            `${JSON.stringify(uri)} is not a publisher URI`,
            'use http://, https:// or file:// URIs',
            child.entry(index),
          )
      }
    }
    readChildren(
      view,
      {
        origin: uris(publisher.origins),
        mirror: uris(publisher.mirrors),
        'search-first'(child) {
          child.expect({maxArgs: 1})
          publisher.first = child.arg(0, 'boolean') ?? false
        },
        sticky(child) {
          child.expect({maxArgs: 1})
          publisher.sticky = child.arg(0, 'boolean') ?? true
        },
      },
      {once: ['search-first', 'sticky'], required: ['origin']},
    )
    for (const child of view.children())
      if (!publisher.nodes.has(child.name)) publisher.nodes.set(child.name, child.node)
    return publisher
  },
}

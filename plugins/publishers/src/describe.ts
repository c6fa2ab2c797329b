import type {Publisher} from 'zmgr'

export function publisherToJson(publisher: Publisher) {
  return {
    name: publisher.name,
    origins: publisher.origins,
    mirrors: publisher.mirrors,
    searchFirst: publisher.first,
    sticky: publisher.sticky,
  }
}

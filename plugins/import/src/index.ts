export {
  importZones,
  type ImportedZone,
  type ImportOptions,
  type ImportReport,
  type FailedZone,
  type SkippedZone,
} from './importer.js'
export {matchTemplate, type TemplateMatch} from './match.js'
export {readNets, type ImportedNet} from './nets.js'
export {importRecord, unmodelledNode, netNames} from './record.js'

/**
 * The zmgr SDK: the named surface a plugin (built-in or third-party) may use.
 * Plugins import from 'zmgr' only, never from a host file by path; what is not
 * listed here is internal to the host and may change without notice.
 * docs/plugins.md describes each group.
 */

// Errors and diagnostics: every failure carries a stable `zmgr::` code.
export {ZmgrError, isZmgrError, inputError, operationError} from './errors.js'
export type {Diagnostic, FailureExit, Severity, SourceLocation, ZmgrErrorOptions} from './errors.js'
export {formatDiagnostic, diagnosticToJson} from './output/diagnostics.js'

// Commands, flags and arguments. oclif's builders are re-exported so a plugin
// depends on zmgr alone: installed into a zmgr it then needs nothing fetched,
// and its flags are built by the same oclif that parses them.
export {ZmgrCommand, dryRunFlag, yesFlag, forceFlag, toDiagnostic} from './command.js'
export type {CommandArgs, CommandFlags} from './command.js'
export {nameArg, nameFlag} from './names/args.js'
export {Args, Flags} from '@oclif/core'
export type {Config as OclifConfig} from '@oclif/core'

// Output: tables, lists (--fields, --parsable) and suggestions.
export {formatTable, formatDetails} from './output/table.js'
export type {Column} from './output/table.js'
export {listFlags, selectList, formatList} from './output/list.js'
export type {ListField, ListOptions} from './output/list.js'
export type {JsonDocument, JsonFailure, JsonSuccess} from './output/json.js'
export {closestNames} from './output/suggest.js'

// Files.
export {writeFileAtomic, removeStaleTemps, removeWorkFile, writeWorkFile} from './fs/atomic.js'
export {describeHolder} from './fs/lock.js'
export type {LockHolder} from './fs/lock.js'

// KDL: typed settings (brand-options, plugin settings) and format-preserving edits,
// without importing the KDL library.
export {KdlSettings, brandOptions, pluginSettings, unknownPluginSettings} from './kdl/settings.js'
export type {KdlScalar} from './kdl/reader.js'
export {kdlString, formatDocument, setChild, appendChild, removeChildren} from './kdl/writer.js'
export type {KdlNodeSpec} from './kdl/writer.js'

// Names of zones, datalinks and registry items.
export {zoneNameProblem, assertZoneName, linkNameProblem, adaptLinkName, makeVnicName} from './names/illumos.js'
export type {VnicNameInput} from './names/illumos.js'
export {nameProblemOf, assertItemName} from './names/registry.js'
export type {NamedKind} from './names/registry.js'

// Addresses.
export {
  familyOf,
  parseIp,
  parseNetwork,
  parseInterfaceAddress,
  formatIp,
  formatNetwork,
  contains,
  familyName,
  parseHostAddress,
} from './ipam/address.js'
export type {Family, IpAddress, IpNetwork} from './ipam/address.js'

// The registry: config, templates, pools, zones, publishers, and saving edits.
export {Registry, formatZoneRecord} from './registry/registry.js'
export type {Loaded, RegistryOptions, ZoneRecord} from './registry/registry.js'
export {readItem} from './registry/load.js'
export type {FileKind, LoadResult, Sourced} from './registry/load.js'
export type {GlobalConfig} from './registry/config.js'
export {templateKind, netPools, defaultRoutes} from './registry/template.js'
export type {
  CappedMemory,
  DefaultRoute,
  RoutePool,
  Template,
  TemplateNet,
  ZoneAttr,
  ZoneFs,
} from './registry/template.js'
export {poolKind} from './registry/pool.js'
export type {Pool, PoolAddress, PoolDns, PoolRange} from './registry/pool.js'
export {zoneKind, statusNode, creatingStatus, creatorAlive, recordedDate, VM_BRANDS} from './registry/zone.js'
export type {ZoneEntry, ZoneNet, ZoneStatus} from './registry/zone.js'
export {publisherKind} from './registry/publisher.js'
export type {Publisher} from './registry/publisher.js'
export {zoneNetToJson} from './registry/describe.js'
export {zoneDrift, describeDrift} from './registry/drift.js'
export type {Drift} from './registry/drift.js'
export {saveNewItem, editItem, removeItem, describeSave} from './registry/edit.js'
export type {SaveOutcome} from './registry/edit.js'

// IPAM queries and allocation.
export {PoolSpace} from './ipam/space.js'
export type {Span} from './ipam/space.js'
export {Ledger, nextFree} from './ipam/ledger.js'
export type {PoolUsage} from './ipam/ledger.js'
export type {Holding} from './ipam/ledger-files.js'
export {poolProblems, crossPoolProblems} from './ipam/problems.js'
export {poolToJson, poolUsageToJson, NEARLY_FULL_PERCENT} from './ipam/describe.js'
export {withIpamLock, allocateAndRecord, recordClaimed, poolForAddress} from './ipam/allocate.js'
export type {AddressRequest, AllocateOptions, Allocation} from './ipam/allocate.js'
export {withZoneLock} from './ipam/zone-lock.js'
export type {ZoneLockOptions, ZoneOperation} from './ipam/zone-lock.js'

// Running system commands, and reading what they say.
export {SystemRunner, checkedResult, formatCommand} from './system/runner.js'
export type {CommandResult, RunOptions, SystemRunnerOptions} from './system/runner.js'
// The one injectable place for the runner and the clock (tests replace them).
export {createSystemRunner, now, setSystemProvider, systemProvider} from './system/provider.js'
export type {SystemProvider} from './system/provider.js'
export {IP_TYPES, isIpType, parseZonecfgValue, parseZonecfgInfo, readZoneConfig} from './illumos/zonecfg.js'
export type {IpType, ZoneConfig, ZonecfgNet, ZonecfgProperty, ZonecfgResource, ZonecfgValue} from './illumos/zonecfg.js'
export {
  zonecfgUnsayable,
  zonecfgWord,
  zonecfgQuoted,
  zonecfgBytes,
  templateZonecfgProblems,
  zonecfgLinesProblems,
  registryZonecfgProblems,
  assertZonecfgWritable,
} from './illumos/zonecfg-values.js'
export type {ZonecfgLineProblem} from './illumos/zonecfg-values.js'
export {zoneIsUp, parseZoneList, listSystemZones, findSystemZone} from './illumos/zoneadm.js'
export type {SystemZone, SystemZoneState} from './illumos/zoneadm.js'
export {parseParsable, listVnics, listLinks} from './illumos/dladm.js'
export type {Datalink, Vnic} from './illumos/dladm.js'
export {listImagePublishers, isLinkedZoneImage, planImagePublishers} from './illumos/pkg.js'
export type {ImagePublisher, PublisherPlan, WantedPublisher} from './illumos/pkg.js'

// The host: distribution, facts and the checks `doctor` and preflight run.
export {detectDistribution} from './host/distribution.js'
export type {Distribution, DistributionId} from './host/distribution.js'
export {hostFacts} from './host/facts.js'
export type {DatasetMountpoint, HostFacts, HostFilesystem, HostUser} from './host/facts.js'
export {
  privilegeProblems,
  brandProblems,
  linkProblems,
  zonepathProblems,
  datasetProblems,
  fsProblems,
  templateHostProblems,
} from './host/checks.js'
export type {CheckedTemplate, ZoneTool, ZonepathDataset} from './host/checks.js'

// Pipelines: plans, steps, rollback, rendering and confirmation.
export {insertSteps, runPipeline, pickRenderer, pipelineError} from './pipeline/run.js'
export type {PipelineOptions, PipelineOutcome} from './pipeline/run.js'
export type {
  ContributedStep,
  PipelineReport,
  PipelineStep,
  PlannedWrite,
  PlanView,
  StepContext,
  StepStatus,
  UndoAction,
} from './pipeline/types.js'
export {formatPlan, formatReport} from './pipeline/render.js'
export type {RendererName} from './pipeline/render.js'
export {confirmByTyping} from './pipeline/confirm.js'
export type {ConfirmOptions} from './pipeline/confirm.js'

// Hooks: the events plugins contribute steps, brands and rules to.
export {loadBrands, runZmgrHook} from './hooks.js'
export type {
  HookOutcome,
  OperationContribution,
  OperationEvent,
  StepEvent,
  ZmgrEvent,
  ZmgrEventMap,
  ZmgrHook,
  ZmgrHooks,
} from './hooks.js'

// Brands.
export {requireBrand} from './brands.js'
export type {Brand, BrandProblem, BrandZone} from './brands.js'

// Validation rules.
export type {RegistrySnapshot, ValidationRule} from './validation/types.js'
export {itemNode, entryOrNode, problemAt, placeOf} from './validation/locate.js'
export type {ProblemSpec} from './validation/locate.js'
export {snapshotRegistry} from './validation/snapshot.js'
export type {SnapshotResult} from './validation/snapshot.js'
export {collectRules, runValidation, countDiagnostics, validationSummary} from './validation/engine.js'
export type {ContributedRule, DiagnosticCounts} from './validation/engine.js'
export {snapshotSystem} from './validation/system.js'
export type {SystemSnapshot} from './validation/system.js'

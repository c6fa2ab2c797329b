// libzonecfg error texts (zonecfg_strerror).
export const Z = {
  NO_ZONE: 'No such zone configured',
  NO_ENTRY: 'No such entry',
  NO_RESOURCE_TYPE: 'No such resource type',
  NO_RESOURCE_ID: 'No such resource with that id',
  NO_PROPERTY_TYPE: 'No such property type',
  NO_PROPERTY_ID: 'No such property with that id',
  INSUFFICIENT_SPEC: 'Insufficient specification',
  BAD_ZONE_STATE: 'Zone state is invalid for the requested operation',
  CLEAR_DISALLOW: 'Clearing this property is not allowed',
  ALIAS_DISALLOW: 'An incompatible rctl already exists for this property',
  NAME_IN_USE: 'Zone name already in use',
  REQD_RESOURCE_MISSING: 'Required resource missing',
  REQD_PROPERTY_MISSING: 'Required property missing',
  INVAL: 'Invalid argument',
  INCOMPATIBLE: 'Incompatible settings',
  INVALID_DOCUMENT: 'Invalid document',
}

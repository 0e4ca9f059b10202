export { expectedSchemaAt, clearExpectedCache } from './expected';
export type { ExpectedOptions } from './expected';
export { replayMigrations } from './replay';
export { resolveUnverified, DEFAULT_SCHEMA } from './unverified';
export type { ExpectedSchema, ExpectedObject } from './replay';
export { objectsOf, identityOf } from './objects';
export type { SchemaObject, CreatedKind } from './objects';
export { closeShadowTemplate, pgliteExtensionsFor } from './shadow';

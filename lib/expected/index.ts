export { expectedSchemaAt, clearExpectedCache } from './expected';
export type { ExpectedOptions } from './expected';
export { ReplayError, replayMigrations } from './replay';
export type { ExpectedSchema, ExpectedObject } from './replay';
export { objectsOf, identityOf } from './objects';
export type { SchemaObject, CreatedKind } from './objects';
export { closeShadowTemplate, pgliteExtensionsFor } from './shadow';

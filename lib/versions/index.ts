export { readVersionState, appliedIds } from './read';
export { VERSION_TABLE_NAMES, findVersionTable, type FoundTable } from './table';

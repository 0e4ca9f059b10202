export { evaluateGate } from './evaluate';
export type { GateOptions, GateResult } from './evaluate';

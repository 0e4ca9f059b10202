export { createAlerter } from './alerter';
export type { Alerter, AlerterOptions } from './alerter';
export { alertsConfigSchema, resolveAlertsConfig, alertSecrets, AlertsConfigError } from './config';
export { signPayload, verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER } from './sign';
export { evaluateRule } from './evaluate';
export { migrationDates, alembicCreateDate } from './migration-dates';
export { RULE_KINDS } from './types';
export type { AlertRule, AlertsConfig, ChannelConfig, RecordedPoll, RuleKind, AlertMessage } from './types';

export { loadConfig, loadSetup, parseConfig, parseSetup, selectProject, displayPath, DEFAULT_CONFIG_FILE, DEFAULT_POLL_INTERVAL_SECONDS } from './load';

export { loadConfig, loadSetup, parseConfig, parseSetup, selectProject, chooseProjects, displayPath, DEFAULT_CONFIG_FILE, DEFAULT_POLL_INTERVAL_SECONDS } from './load';

/** A thing the user asked for by name (environment, snapshot, event, version) does not exist: API answers 404. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The app could not start (bad driftboard.config.json, store unavailable): pages and API show `message`. */
export class AppStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppStartError';
  }
}

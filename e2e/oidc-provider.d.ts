// oidc-provider ships no types (and @types/oidc-provider lags its major versions); the test server uses a few calls.
declare module 'oidc-provider';

/**
 * `${VAR}` expansion over a parsed JSON tree, before validation, so an unset variable is reported with
 * the key path it sits at (`environments[1].url`). `$${` writes a literal `${`.
 */
export type KeyPath = Array<string | number>;

export class MissingVariableError extends Error {
  constructor(
    readonly path: KeyPath,
    readonly variable: string,
  ) {
    super(`environment variable ${variable} is not set`);
  }
}

const VARIABLE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function expandVariables(value: unknown, env: Readonly<Record<string, string | undefined>>, path: KeyPath = []): unknown {
  if (typeof value === 'string') return expandString(value, env, path);
  if (Array.isArray(value)) return value.map((item, i) => expandVariables(item, env, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, expandVariables(item, env, [...path, key])]),
    );
  }
  return value;
}

function expandString(text: string, env: Readonly<Record<string, string | undefined>>, path: KeyPath): string {
  return text.replace(VARIABLE, (match, name: string | undefined) => {
    if (!name) return '${';
    const found = env[name];
    if (found === undefined || found === '') throw new MissingVariableError(path, name);
    return found;
  });
}

/** `['environments', 1, 'url']` → `environments[1].url`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

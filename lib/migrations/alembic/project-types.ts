import type { PyNode } from './python-parser';
import type { PyValue } from './py-value';

/**
 * Column types a migration imports from the project's own Python files (TypeDecorator subclasses, aliases)
 * or from well-known third-party packages, resolved statically. Stub: resolves nothing yet.
 */
export interface TypeResolver {
  /**
   * The PostgreSQL rendering of a type expression that is not one of SQLAlchemy's own types, as a type
   * expression renderType understands (e.g. `GUID()` → `CHAR(32)`), or null when unknown.
   */
  resolve(v: PyValue): PyValue | null;
}

/** Builds the resolver for one migration file from its imports (`root` is the module's tree). */
export async function loadTypeResolver(_file: string, _root: PyNode, _versionsDir: string): Promise<TypeResolver | null> {
  return null;
}

let current: TypeResolver | null = null;

/** The resolver of the file being translated (translation is synchronous, one file at a time). */
export function currentTypeResolver(): TypeResolver | null {
  return current;
}

/** Runs `fn` (a synchronous translation) with `resolver` as the current one. */
export function withTypeResolver<T>(resolver: TypeResolver | null, fn: () => T): T {
  const previous = current;
  current = resolver;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** TanStack Query keys, one factory per domain; components never spell a key inline. Client-safe. */
export const overviewKeys = {
  all: ['overview'] as const,
};

export const environmentKeys = {
  all: ['environment'] as const,
  detail: (name: string) => [...environmentKeys.all, name] as const,
};

export const historyKeys = {
  all: ['history'] as const,
  detail: (name: string) => [...historyKeys.all, name] as const,
};

export const diffKeys = {
  all: ['diff'] as const,
  pair: (left: string, right: string) => [...diffKeys.all, left, right] as const,
};

export const planKeys = {
  all: ['plan'] as const,
  detail: (env: string, target: string) => [...planKeys.all, env, target] as const,
};

import { dropProjectsDatabases } from './projects-databases';

/** Drops the two-project server's databases: Playwright may kill its wrapper before the wrapper can. */
export default async function globalTeardown(): Promise<void> {
  await dropProjectsDatabases();
}

import { route } from '../../../lib/app/route';
import { getMigrationCell, getMigrationMatrix, migrationCellQuery } from '../../../lib/app/migrations-matrix';
import { queryOf, projectOf } from '../../../lib/app/params';

/** `/api/migrations`: the migration × environment matrix; `?env=NAME&migration=ID`: one cell in detail. */
export const GET = route(async (request: Request) => {
  const { env, migration } = migrationCellQuery.parse(queryOf(request));
  const project = projectOf(request);
  return env !== undefined && migration !== undefined ? getMigrationCell(env, migration, undefined, project) : getMigrationMatrix(undefined, project);
});

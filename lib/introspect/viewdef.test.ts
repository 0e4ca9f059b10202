import { describe, expect, it } from 'vitest';
import { modernizeViewDefinition } from './viewdef';

describe('modernizeViewDefinition (PG 15 view text → PG 16+ form)', () => {
  it('drops the prefix of top-level columns of a single-relation view', async () => {
    expect(await modernizeViewDefinition('SELECT u.id,\n    u.email\n   FROM users u\n  WHERE u.deleted_at IS NULL;')).toBe(
      'SELECT id,\n    email\n   FROM users u\n  WHERE deleted_at IS NULL;',
    );
    expect(await modernizeViewDefinition('SELECT posts.user_id,\n    count(*) AS n\n   FROM posts\n  GROUP BY posts.user_id;')).toBe(
      'SELECT user_id,\n    count(*) AS n\n   FROM posts\n  GROUP BY user_id;',
    );
  });

  it('handles quoted aliases and keeps sub-query prefixes', async () => {
    expect(
      await modernizeViewDefinition(
        'SELECT "P".id, "P"."ünï" FROM core.posts "P" WHERE "P".id IN ( SELECT x.id FROM posts x WHERE x.user_id = "P".owner_id) ORDER BY "P".id;',
      ),
    ).toBe('SELECT id, "ünï" FROM core.posts "P" WHERE id IN ( SELECT x.id FROM posts x WHERE x.user_id = "P".owner_id) ORDER BY id;');
  });

  it('leaves joins, set operations and unparsable text alone', async () => {
    const join = 'SELECT p.id, u.email FROM posts p JOIN users u ON u.id = p.user_id;';
    expect(await modernizeViewDefinition(join)).toBe(join);
    const union = 'SELECT users.id FROM users UNION ALL SELECT posts.id FROM core.posts;';
    expect(await modernizeViewDefinition(union)).toBe(union);
    expect(await modernizeViewDefinition('not sql at all')).toBe('not sql at all');
  });
});

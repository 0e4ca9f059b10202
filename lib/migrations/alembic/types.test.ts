import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeResolverForFile, withTypeResolver } from './project-types';
import { evalPy } from './py-value';
import { parsePython } from './python-parser';
import { compareWithAlembic } from './real-replay.test-helpers';
import { renderType } from './sql-render';

/**
 * Project-defined and third-party column types, resolved statically from the project's own Python files,
 * checked against real Alembic applying the same migration with the project importable.
 */

const DATABASE_PY = `import uuid
import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator, CHAR
from sqlalchemy.dialects import postgresql


class GUID(TypeDecorator):
    """Platform-independent GUID type."""
    impl = CHAR
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        else:
            return dialect.type_descriptor(CHAR(32))


class HexKey(TypeDecorator):
    impl = sa.CHAR(32)
    cache_ok = True


class ShortCode(TypeDecorator):
    impl = sa.String
    cache_ok = True

    def __init__(self, length=12, *args, **kwargs):
        super().__init__(length, *args, **kwargs)


class TrackedGUID(GUID):
    pass


class Money(sa.Numeric):
    def __init__(self):
        super().__init__(precision=12, scale=2)


class Span(sa.types.UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return "INT4RANGE"


class SqliteFriendlyJSON(TypeDecorator):
    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name != "postgresql":
            return dialect.type_descriptor(sa.Text())
        return dialect.type_descriptor(postgresql.JSONB())


def _flag():
    return True


class Opaque(TypeDecorator):
    impl = sa.String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if _flag():
            return dialect.type_descriptor(sa.Integer())
        return dialect.type_descriptor(sa.BigInteger())


Timestamp = sa.DateTime(timezone=True)
JsonDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
Tags = sa.ARRAY(sa.String(20))
`;

const TYPES_PY = `from sqlalchemy import types as sat
from app.utilities.database import GUID as BaseGUID


class UUID(BaseGUID):
    cache_ok = True


class Email(sat.TypeDecorator):
    impl = sat.Unicode(320)
    cache_ok = True
`;

const FILES = {
  'app/__init__.py': '',
  'app/utilities/__init__.py': '',
  'app/utilities/database.py': DATABASE_PY,
  // Reached only through `import app.extra_types` (autogenerate's spelling: `app.extra_types.Slug()`).
  'app/extra_types.py': 'import sqlalchemy as sa\n\n\nclass Slug(sa.types.TypeDecorator):\n    impl = sa.String(60)\n    cache_ok = True\n',
  'myapp/__init__.py': '',
  'myapp/db/__init__.py': 'from .types import Email as EmailAddress  # re-exported\nfrom .types import *\n',
  'myapp/db/types.py': TYPES_PY,
};

const HEADER = `from app.utilities.database import GUID, Timestamp, HexKey, ShortCode, TrackedGUID, Money, Span, JsonDoc, Tags, SqliteFriendlyJSON, Opaque
from myapp.db import types as t
from myapp.db import EmailAddress
import myapp.db.types
import app.extra_types
import sqlalchemy_utils
from sqlalchemy_utils import UUIDType, EmailType, JSONType, ArrowType, ChoiceType, URLType, ScalarListType, TSVectorType, TimezoneType, IPAddressType, CountryType
from sqlalchemy.dialects.postgresql import UUID as PG_UUID`;

describe('project-defined and third-party column types against real Alembic', () => {
  it('resolves TypeDecorators, aliases, subclasses, re-exports and sqlalchemy_utils types exactly', async () => {
    const out = await compareWithAlembic(FILES, [
      {
        rev: 'a1',
        down: null,
        message: 'types',
        header: HEADER,
        upgrade: `
          op.create_table('things',
              sa.Column('id', GUID(), primary_key=True),
              sa.Column('created_at', Timestamp, nullable=False),
              sa.Column('hex', HexKey()),
              sa.Column('code', ShortCode()),
              sa.Column('code20', ShortCode(20)),
              sa.Column('tracked', TrackedGUID()),
              sa.Column('price', Money()),
              sa.Column('span', Span()),
              sa.Column('doc', JsonDoc),
              sa.Column('doc2', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')),
              sa.Column('tags', Tags),
              sa.Column('flex', SqliteFriendlyJSON()),
              sa.Column('other_id', t.UUID()),
              sa.Column('dotted_id', myapp.db.types.UUID()),
              sa.Column('slug', app.extra_types.Slug()),
              sa.Column('email', EmailAddress()),
              sa.Column('pg_uuid', PG_UUID(as_uuid=True)),
              sa.Column('u1', UUIDType(binary=False)),
              sa.Column('u2', sqlalchemy_utils.types.uuid.UUIDType(native=False, binary=False)),
              sa.Column('e1', EmailType()), sa.Column('e2', EmailType(length=100)),
              sa.Column('j', JSONType()), sa.Column('a1', ArrowType()), sa.Column('a2', ArrowType(timezone=True)),
              sa.Column('choice', ChoiceType([('a', 'A')])), sa.Column('url', URLType()),
              sa.Column('sl', ScalarListType()), sa.Column('tsv', TSVectorType()), sa.Column('tz', TimezoneType()),
              sa.Column('ip', IPAddressType()), sa.Column('country', CountryType()),
          )
          op.add_column('things', sa.Column('added', GUID(), nullable=True))
          op.alter_column('things', 'hex', type_=ShortCode(40), existing_type=HexKey())
        `,
      },
    ]);
    expect(out.migrations[0].unanalyzed).toEqual([]);
    expect(out.unverified).toEqual([]);
    expect(out.changes).toEqual([]);
    const things = out.expected.tables.find((x) => x.name === 'things')!;
    expect(things.columns.find((c) => c.name === 'id')!.type).toBe('uuid');
    expect(things.columns.find((c) => c.name === 'other_id')!.type).toBe('uuid');
  });

  it('a type it cannot resolve: the column is still created (TEXT), its type and default unverified, with a finding', async () => {
    const out = await compareWithAlembic(FILES, [
      {
        rev: 'b1',
        down: null,
        message: 'opaque',
        header: HEADER,
        upgrade: `
          op.create_table('odd',
              sa.Column('id', sa.Integer(), primary_key=True),
              sa.Column('weird', Opaque(), server_default='7', nullable=False),
              sa.Column('computed_default', sa.Integer(), server_default=sa.literal_column('6').op('*')(7)),
              sa.Column('ok', sa.String(10)),
          )
          op.create_index('ix_odd_weird', 'odd', ['weird'])
        `,
      },
    ]);
    const odd = out.expected.tables.find((x) => x.name === 'odd')!;
    expect(odd.columns.map((c) => c.name).sort()).toEqual(['computed_default', 'id', 'ok', 'weird']);
    expect(out.unverified.map((u) => [u.kind, u.table, u.name, u.attribute, u.line])).toEqual([
      ['column', 'odd', 'weird', 'type', 28],
      ['column', 'odd', 'weird', 'default', 28],
      ['column', 'odd', 'computed_default', 'default', 28],
    ]);
    expect(out.unverified[0].reason).toContain('branches on _flag()');
    const reasons = out.migrations[0].unanalyzed.map((u) => [u.line, u.reason]);
    expect(reasons).toEqual([
      [28, expect.stringMatching(/column "weird": type Opaque\(\) not resolved .*created as TEXT/)],
      [28, expect.stringMatching(/column "computed_default": server_default= not understood.*created without a DEFAULT/)],
    ]);
    // Everything else about the table is checked, and matches.
    expect(out.changes).toEqual([]);
  });
});

describe('the resolver outside migrations (ORM model files)', () => {
  it('renders a type expression written in any project file, in that file’s naming context', async () => {
    const root = await mkdtemp(join(tmpdir(), 'types-models-'));
    try {
      for (const [path, text] of Object.entries(FILES)) {
        await mkdir(join(root, path, '..'), { recursive: true });
        await writeFile(join(root, path), text);
      }
      const models = join(root, 'app', 'models.py');
      await writeFile(models, 'from app.utilities.database import GUID as Key, Timestamp\n');
      const { resolver, release } = await typeResolverForFile(models);
      const tree = await parsePython('Key()\nTimestamp\nMystery()\n');
      try {
        const exprs = tree.rootNode.namedChildren.map((s) => evalPy(s!.namedChildren[0]!));
        const render = (i: number) => withTypeResolver(resolver, () => renderType(exprs[i]).sql);
        expect(render(0)).toBe('UUID');
        expect(render(1)).toBe('TIMESTAMP WITH TIME ZONE');
        expect(() => render(2)).toThrow(/unknown column type Mystery/);
      } finally {
        tree.delete();
        release();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

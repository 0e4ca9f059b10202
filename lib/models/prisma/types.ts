/** Prisma scalar types → the PostgreSQL type Prisma Migrate writes when no `@db.*` native type is given. */
export const SCALAR_TYPES: Record<string, string> = {
  String: 'TEXT',
  Boolean: 'BOOLEAN',
  Int: 'INTEGER',
  BigInt: 'BIGINT',
  Float: 'DOUBLE PRECISION',
  Decimal: 'DECIMAL(65,30)',
  DateTime: 'TIMESTAMP(3)',
  Json: 'JSONB',
  Bytes: 'BYTEA',
};

/** `@db.X` of the PostgreSQL connector → SQL (arguments appended as given). */
export const NATIVE_TYPES: Record<string, string> = {
  Text: 'TEXT', Char: 'CHAR', VarChar: 'VARCHAR', Bit: 'BIT', VarBit: 'VARBIT', Uuid: 'UUID', Xml: 'XML', Inet: 'INET', Citext: 'CITEXT',
  Boolean: 'BOOLEAN',
  Integer: 'INTEGER', SmallInt: 'SMALLINT', Oid: 'OID', BigInt: 'BIGINT',
  DoublePrecision: 'DOUBLE PRECISION', Real: 'REAL',
  Decimal: 'DECIMAL', Money: 'MONEY',
  Timestamp: 'TIMESTAMP', Timestamptz: 'TIMESTAMPTZ', Date: 'DATE', Time: 'TIME', Timetz: 'TIMETZ',
  Json: 'JSON', JsonB: 'JSONB',
  ByteA: 'BYTEA',
};

/** `@default(autoincrement())`: Prisma writes the serial pseudo-type of the column's integer type. */
export const SERIAL_OF: Record<string, string> = { INTEGER: 'SERIAL', BIGINT: 'BIGSERIAL', SMALLINT: 'SMALLSERIAL' };

/** After a serial, the type a referencing column (FK, implicit m-n) has. */
export const SERIAL_BASE: Record<string, string> = { SERIAL: 'INTEGER', BIGSERIAL: 'BIGINT', SMALLSERIAL: 'SMALLINT' };

export const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE', Restrict: 'RESTRICT', NoAction: 'NO ACTION', SetNull: 'SET NULL', SetDefault: 'SET DEFAULT',
};

/** `@@index(type: …)` → USING. */
export const INDEX_TYPES: Record<string, string> = { BTree: 'BTREE', Hash: 'HASH', Gist: 'GIST', Gin: 'GIN', SpGist: 'SPGIST', Brin: 'BRIN' };

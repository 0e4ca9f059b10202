import type { PyValue } from './py-value';
import { builtinType, type RenderedType } from './sql-render';

/**
 * Column types of well-known third-party packages, as their PostgreSQL rendering. Each entry was checked by
 * compiling the type with sqlalchemy-utils 0.38 on SQLAlchemy 1.4's PostgreSQL dialect (`load_dialect_impl`).
 */

function arg(args: PyValue[], kwargs: Map<string, PyValue>, index: number, key: string): PyValue | undefined {
  return kwargs.get(key) ?? args[index];
}

function numArg(args: PyValue[], kwargs: Map<string, PyValue>, index: number, key: string, fallback: number): number | null {
  const v = arg(args, kwargs, index, key);
  if (v === undefined || v.kind === 'none') return fallback;
  return v.kind === 'num' ? v.value : null;
}

function boolArg(args: PyValue[], kwargs: Map<string, PyValue>, index: number, key: string, fallback: boolean): boolean | null {
  const v = arg(args, kwargs, index, key);
  if (v === undefined) return fallback;
  return v.kind === 'bool' ? v.value : null;
}

type Entry = (args: PyValue[], kwargs: Map<string, PyValue>) => string | null;

const varchar = (index: number, key: string, fallback: number): Entry => (args, kwargs) => {
  const n = numArg(args, kwargs, index, key, fallback);
  return n === null ? null : `VARCHAR(${n})`;
};
const fixed = (sql: string): Entry => () => sql;

const SQLALCHEMY_UTILS: Record<string, Entry> = {
  // UUIDType(binary=True, native=True): native PostgreSQL UUID unless native=False.
  UUIDType: (args, kwargs) => {
    const binary = boolArg(args, kwargs, 0, 'binary', true);
    const native = boolArg(args, kwargs, 1, 'native', true);
    if (binary === null || native === null) return null;
    return native ? 'UUID' : binary ? 'BYTEA' : 'CHAR(32)';
  },
  ArrowType: (args, kwargs) => {
    const tz = boolArg(args, kwargs, 0, 'timezone', false);
    return tz === null ? null : `TIMESTAMP ${tz ? 'WITH' : 'WITHOUT'} TIME ZONE`;
  },
  EmailType: varchar(0, 'length', 255),
  JSONType: fixed('JSON'),
  URLType: fixed('TEXT'),
  ScalarListType: fixed('TEXT'),
  TSVectorType: fixed('TSVECTOR'),
  LtreeType: fixed('LTREE'),
  PasswordType: fixed('BYTEA'),
  EncryptedType: fixed('BYTEA'),
  PhoneNumberType: varchar(1, 'max_length', 20),
  ColorType: varchar(0, 'max_length', 20),
  TimezoneType: fixed('VARCHAR(50)'),
  IPAddressType: varchar(0, 'max_length', 50),
  CountryType: fixed('VARCHAR(2)'),
  CurrencyType: fixed('VARCHAR(3)'),
  LocaleType: fixed('VARCHAR(10)'),
  WeekDaysType: fixed('BIT(7)'),
  DateRangeType: fixed('DATERANGE'),
  DateTimeRangeType: fixed('TSRANGE'),
  IntRangeType: fixed('INT4RANGE'),
  Int8RangeType: fixed('INT8RANGE'),
  NumericRangeType: fixed('NUMRANGE'),
  // ChoiceType(choices, impl=None): Unicode(255) unless impl= says otherwise (then not resolved here).
  ChoiceType: (_args, kwargs) => (kwargs.has('impl') && kwargs.get('impl')!.kind !== 'none' ? null : 'VARCHAR(255)'),
};

/** The PostgreSQL type of a sqlalchemy_utils type used as `name(args, kwargs)`, or null when not known. */
export function thirdPartyType(name: string, args: PyValue[], kwargs: Map<string, PyValue>): RenderedType | null {
  const entry = SQLALCHEMY_UTILS[name];
  const sql = entry ? entry(args, kwargs) : null;
  return sql === null ? null : builtinType(sql);
}

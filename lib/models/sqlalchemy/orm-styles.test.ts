import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeShadowTemplate } from '../../expected';
import { loadModelSchema } from '..';

/**
 * SQLAlchemy 2.0, SQLModel and Flask-SQLAlchemy cannot run on this machine (Debian ships SQLAlchemy 1.4):
 * these check the static reader against the documented rules instead.
 */

afterAll(async () => {
  await closeShadowTemplate();
});

async function modelsOf(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'models-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return await loadModelSchema({ orm: 'sqlalchemy', path: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const columns = (m: Awaited<ReturnType<typeof modelsOf>>, table: string) =>
  m.schema.tables.find((t) => t.name === table)!.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default ? ` DEFAULT ${c.default}` : ''}`);

describe('SQLAlchemy 2.0 declarative (documented rules)', () => {
  it('Mapped[...] nullability, Annotated aliases, type_annotation_map, Enum classes, mixins in another file', async () => {
    const m = await modelsOf({
      '__init__.py': '',
      'base.py': [
        'import datetime',
        'from typing import Annotated',
        'from sqlalchemy import DateTime, String',
        'from sqlalchemy.orm import DeclarativeBase, mapped_column',
        'intpk = Annotated[int, mapped_column(primary_key=True)]',
        'str50 = Annotated[str, 50]',
        'class Base(DeclarativeBase):',
        '    type_annotation_map = {datetime.datetime: DateTime(timezone=True), str50: String(50)}',
      ].join('\n'),
      'mixins.py': [
        'import datetime',
        'from typing import Optional',
        'from sqlalchemy.orm import Mapped, mapped_column',
        'class SoftDelete:',
        '    deleted_at: Mapped[Optional[datetime.datetime]]',
      ].join('\n'),
      'models.py': [
        'import enum',
        'import datetime',
        'from decimal import Decimal',
        'from typing import Optional',
        'from sqlalchemy import ForeignKey, String',
        'from sqlalchemy.orm import Mapped, mapped_column, relationship',
        'from .base import Base, intpk, str50',
        'from .mixins import SoftDelete',
        'class Tier(enum.Enum):',
        '    FREE = "free"',
        '    PRO = "pro"',
        'class User(SoftDelete, Base):',
        '    __tablename__ = "users"',
        '    id: Mapped[intpk]',
        '    handle: Mapped[str50] = mapped_column(unique=True)',
        '    bio: Mapped[str | None]',
        '    display: Mapped[str] = mapped_column("display_name", String(80))',
        '    tier: Mapped[Tier] = mapped_column(server_default="FREE")',
        '    credit: Mapped[Decimal]',
        '    created: Mapped[datetime.datetime]',
        '    forced: Mapped[Optional[int]] = mapped_column(nullable=False)',
        '    posts: Mapped[list["Post"]] = relationship(back_populates="author")',
        'class Post(Base):',
        '    __tablename__ = "posts"',
        '    id: Mapped[int] = mapped_column(primary_key=True)',
        '    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))',
        '    author: Mapped["User"] = relationship(back_populates="posts")',
      ].join('\n'),
    });
    expect(m.unresolved).toEqual([]);
    expect(columns(m, 'users')).toEqual([
      'bio character varying',
      'created timestamp with time zone NOT NULL',
      'credit numeric NOT NULL',
      'deleted_at timestamp with time zone',
      'display_name character varying(80) NOT NULL',
      'forced integer NOT NULL',
      'handle character varying(50) NOT NULL',
      "id integer NOT NULL DEFAULT nextval('users_id_seq'::regclass)",
      "tier tier NOT NULL DEFAULT 'FREE'::tier",
    ]);
    expect(m.schema.enums).toEqual([{ schema: 'public', name: 'tier', values: ['FREE', 'PRO'], owner: null }]);
    const posts = m.schema.tables.find((t) => t.name === 'posts')!;
    expect(posts.constraints.map((c) => c.definition)).toContain('FOREIGN KEY (author_id) REFERENCES users(id) ON DELETE CASCADE');
  });

  it('a computed __tablename__ and an unknown column type are named with file:line and degrade per attribute', async () => {
    const m = await modelsOf({
      'models.py': [
        'from sqlalchemy import Column, Integer',
        'from sqlalchemy.orm import declarative_base, declared_attr',
        'from somewhere import MysteryType',
        'Base = declarative_base()',
        'class Auto(Base):',
        '    @declared_attr',
        '    def __tablename__(cls):',
        '        return cls.__name__.lower() + "s"',
        '    id = Column(Integer, primary_key=True)',
        'class Known(Base):',
        '    __tablename__ = "known"',
        '    id = Column(Integer, primary_key=True)',
        '    blob = Column(MysteryType(), nullable=False)',
      ].join('\n'),
    });
    expect(m.unresolved.map((u) => `${path.basename(u.file)}:${u.line}`)).toEqual(['models.py:7']);
    expect(m.unresolved[0].message).toMatch(/__tablename__ is computed/);
    expect(m.models.find((x) => x.class === 'Auto')!.table).toBeNull();
    // The column still exists (nullability known); only its type is unverified.
    expect(columns(m, 'known')).toContain('blob text NOT NULL');
    expect(m.unverified).toMatchObject([{ table: 'known', name: 'blob', attribute: 'type', line: 13 }]);
  });
});

describe('SQLModel and Flask-SQLAlchemy (documented rules)', () => {
  it('SQLModel table=True: lower-cased class name, str → varchar, Optional → nullable, Field(foreign_key, index)', async () => {
    const m = await modelsOf({
      'models.py': [
        'from typing import Optional',
        'from sqlmodel import Field, SQLModel',
        'class HeroBase(SQLModel):',
        '    name: str = Field(index=True)',
        'class Hero(HeroBase, table=True):',
        '    id: Optional[int] = Field(default=None, primary_key=True)',
        '    secret_name: str = Field(max_length=80)',
        '    age: Optional[int] = None',
        '    team_id: Optional[int] = Field(default=None, foreign_key="team.id")',
        'class Team(SQLModel, table=True):',
        '    id: Optional[int] = Field(default=None, primary_key=True)',
        '    headquarters: str',
        'class HeroRead(HeroBase):',
        '    id: int',
      ].join('\n'),
    });
    expect(m.models.map((x) => `${x.class}:${x.table}`).sort()).toEqual(['Hero:hero', 'Team:team']);
    expect(columns(m, 'hero')).toEqual([
      'age integer',
      "id integer NOT NULL DEFAULT nextval('hero_id_seq'::regclass)",
      'name character varying NOT NULL',
      'secret_name character varying(80) NOT NULL',
      'team_id integer',
    ]);
    expect(m.schema.tables.find((t) => t.name === 'hero')!.indexes.map((i) => i.name)).toContain('ix_hero_name');
  });

  it('Flask-SQLAlchemy db.Model: snake_case table names, db.Column, single-table inheritance', async () => {
    const m = await modelsOf({
      'models.py': [
        'from flask_sqlalchemy import SQLAlchemy',
        'db = SQLAlchemy()',
        'class UserAccount(db.Model):',
        '    id = db.Column(db.Integer, primary_key=True)',
        '    email = db.Column(db.String(120), unique=True, nullable=False)',
        '    type = db.Column(db.String(20))',
        'class AdminAccount(UserAccount):',
        '    level = db.Column(db.Integer)',
      ].join('\n'),
    });
    expect(m.models.map((x) => `${x.class}:${x.table}:${x.inheritsFrom}`)).toEqual(['UserAccount:user_account:null', 'AdminAccount:user_account:UserAccount']);
    expect(m.duplicates).toEqual([]);
    expect(columns(m, 'user_account').map((c) => c.split(' ')[0])).toEqual(['email', 'id', 'level', 'type']);
  });
});

/** A small Alembic project shared by the status, expected-schema and CLI tests. */
import type { AlembicFixture } from '../testing/alembic';

export const SCENARIO_MIGRATIONS: AlembicFixture[] = [
  {
    rev: 'a1000000001',
    down: null,
    message: 'create users with timestamps',
    upgrade: `
      op.create_table('users',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('email', sa.String(255), nullable=False, unique=True),
          sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
          sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
      )`,
    downgrade: `op.drop_table('users')`,
  },
  {
    rev: 'b2000000002',
    down: 'a1000000001',
    message: 'memberships with a status enum',
    upgrade: `
      op.create_table('memberships',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
          sa.Column('status', sa.Enum('active', 'banned', name='user_status'), nullable=False),
      )`,
    downgrade: `op.drop_table('memberships')`,
  },
  {
    rev: 'c3000000003',
    down: 'b2000000002',
    message: 'create posts with soft delete',
    upgrade: `
      op.create_table('posts',
          sa.Column('id', sa.Integer(), primary_key=True),
          sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id', ondelete='CASCADE'), nullable=False),
          sa.Column('title', sa.Text(), nullable=False),
          sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
          sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
          sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
      )
      op.create_index('ix_posts_user_id', 'posts', ['user_id'])`,
    downgrade: `op.drop_table('posts')`,
  },
  {
    rev: 'd4000000004',
    down: 'c3000000003',
    message: 'nickname and archived status',
    upgrade: `
      op.add_column('users', sa.Column('nickname', sa.String(80), nullable=True))
      op.execute("ALTER TYPE user_status ADD VALUE 'archived'")`,
    downgrade: `op.drop_column('users', 'nickname')`,
  },
  {
    rev: 'e5000000005',
    down: 'd4000000004',
    message: 'index post titles',
    upgrade: `op.create_index('ix_posts_title', 'posts', ['title'])`,
    downgrade: `op.drop_index('ix_posts_title')`,
  },
];

export const REVS = SCENARIO_MIGRATIONS.map((m) => m.rev);

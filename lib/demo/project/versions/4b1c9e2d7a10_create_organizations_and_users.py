"""create organizations and users

Revision ID: 4b1c9e2d7a10
Revises:
Create Date: 2024-01-08 10:12:44.512093

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b1c9e2d7a10'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'organizations',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('plan', sa.String(length=32), server_default='free', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id', name='organizations_pkey'),
        sa.UniqueConstraint('slug', name='organizations_slug_key'),
    )
    op.create_table(
        'users',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('organization_id', sa.BigInteger(), nullable=False),
        sa.Column('email', sa.String(length=320), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name='users_organization_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='users_pkey'),
    )
    op.create_index('ix_users_organization_id', 'users', ['organization_id'])
    # Soft-deleted users free their address for a new sign-up.
    op.create_index(
        'uq_users_email_active',
        'users',
        ['email'],
        unique=True,
        postgresql_where=sa.text('deleted_at IS NULL'),
    )


def downgrade():
    op.drop_index('uq_users_email_active', table_name='users')
    op.drop_index('ix_users_organization_id', table_name='users')
    op.drop_table('users')
    op.drop_table('organizations')

"""create projects

Revision ID: 9f3e6a1b2c84
Revises: 4b1c9e2d7a10
Create Date: 2024-01-15 16:03:21.880412

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f3e6a1b2c84'
down_revision = '4b1c9e2d7a10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'projects',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('organization_id', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('slug', sa.String(length=100), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name='projects_organization_id_fkey', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='projects_pkey'),
    )
    op.create_index(
        'uq_projects_organization_id_slug_active',
        'projects',
        ['organization_id', 'slug'],
        unique=True,
        postgresql_where=sa.text('deleted_at IS NULL'),
    )


def downgrade():
    op.drop_index('uq_projects_organization_id_slug_active', table_name='projects')
    op.drop_table('projects')

"""soft delete for orders

Revision ID: a6c3e9d2b814
Revises: f0e4b6a9c358
Create Date: 2024-05-21 15:16:38.004772

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6c3e9d2b814'
down_revision = 'f0e4b6a9c358'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('orders', sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_orders_open_by_organization',
        'orders',
        ['organization_id', 'created_at'],
        postgresql_where=sa.text("deleted_at IS NULL AND status IN ('pending', 'paid')"),
    )


def downgrade():
    op.drop_index('ix_orders_open_by_organization', table_name='orders')
    op.drop_column('orders', 'deleted_at')

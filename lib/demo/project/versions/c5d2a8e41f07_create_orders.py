"""create orders with an order_status enum

Revision ID: c5d2a8e41f07
Revises: 9f3e6a1b2c84
Create Date: 2024-02-02 09:41:07.130554

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5d2a8e41f07'
down_revision = '9f3e6a1b2c84'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'orders',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('organization_id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=True),
        sa.Column('status', sa.Enum('pending', 'paid', 'shipped', 'cancelled', name='order_status'), server_default='pending', nullable=False),
        sa.Column('total_cents', sa.BigInteger(), nullable=False),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name='orders_organization_id_fkey'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='orders_user_id_fkey', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='orders_pkey'),
    )
    op.create_index('ix_orders_organization_id_created_at', 'orders', ['organization_id', 'created_at'])


def downgrade():
    op.drop_index('ix_orders_organization_id_created_at', table_name='orders')
    op.drop_table('orders')
    op.execute('DROP TYPE order_status')

"""orders: currency required, tax amount

Revision ID: f0e4b6a9c358
Revises: 5d8a2c7f1e39
Create Date: 2024-05-06 10:58:13.715930

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f0e4b6a9c358'
down_revision = '5d8a2c7f1e39'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE orders SET currency = 'USD' WHERE currency IS NULL")
    op.alter_column('orders', 'currency', existing_type=sa.String(length=3), nullable=False)
    op.add_column('orders', sa.Column('tax_cents', sa.BigInteger(), server_default='0', nullable=False))


def downgrade():
    op.drop_column('orders', 'tax_cents')
    op.alter_column('orders', 'currency', existing_type=sa.String(length=3), nullable=True)

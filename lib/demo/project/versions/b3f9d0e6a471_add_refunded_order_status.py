"""add 'refunded' to order_status

Revision ID: b3f9d0e6a471
Revises: e8c1f4a2d695
Create Date: 2024-04-09 13:30:26.218845

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3f9d0e6a471'
down_revision = 'e8c1f4a2d695'
branch_labels = None
depends_on = None


def upgrade():
    # ADD VALUE runs outside the migration's transaction, so the value is usable right after.
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'refunded' AFTER 'shipped'")


def downgrade():
    # PostgreSQL cannot drop a value from an enum type.
    pass

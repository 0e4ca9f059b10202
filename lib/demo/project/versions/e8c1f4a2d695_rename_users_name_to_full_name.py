"""rename users.name to full_name

Revision ID: e8c1f4a2d695
Revises: 7a0d3c5e9b26
Create Date: 2024-03-18 08:47:51.902117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8c1f4a2d695'
down_revision = '7a0d3c5e9b26'
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column('users', 'name', new_column_name='full_name')


def downgrade():
    op.alter_column('users', 'full_name', new_column_name='name')

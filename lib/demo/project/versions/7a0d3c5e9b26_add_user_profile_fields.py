"""add user profile fields

Revision ID: 7a0d3c5e9b26
Revises: 2e7b4f9c0d13
Create Date: 2024-03-04 11:20:09.044310

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a0d3c5e9b26'
down_revision = '2e7b4f9c0d13'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('avatar_url', sa.Text(), nullable=True))
    op.add_column('users', sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('users', 'timezone')
    op.drop_column('users', 'avatar_url')

"""index events by organization and time

Revision ID: 5d8a2c7f1e39
Revises: b3f9d0e6a471
Create Date: 2024-04-22 17:05:44.390561

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d8a2c7f1e39'
down_revision = 'b3f9d0e6a471'
branch_labels = None
depends_on = None


def upgrade():
    # The activity feed filters events by organization, newest first.
    op.create_index('ix_events_organization_id_created_at', 'events', ['organization_id', 'created_at'])


def downgrade():
    op.drop_index('ix_events_organization_id_created_at', table_name='events')

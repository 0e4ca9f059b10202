"""create events (audit log)

Revision ID: 2e7b4f9c0d13
Revises: c5d2a8e41f07
Create Date: 2024-02-20 14:55:32.671209

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = '2e7b4f9c0d13'
down_revision = 'c5d2a8e41f07'
branch_labels = None
depends_on = None


def upgrade():
    # Append-only: every change a user makes is written here, so this table grows fastest.
    op.create_table(
        'events',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('organization_id', sa.BigInteger(), nullable=False),
        sa.Column('actor_id', sa.BigInteger(), nullable=True),
        sa.Column('kind', sa.String(length=64), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name='events_organization_id_fkey'),
        sa.PrimaryKeyConstraint('id', name='events_pkey'),
    )


def downgrade():
    op.drop_table('events')

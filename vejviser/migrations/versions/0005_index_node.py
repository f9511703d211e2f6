"""index node: how far each app node's search index has applied the change sequence

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 01:55:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('index_node',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_index_node'))
    )


def downgrade() -> None:
    op.drop_table('index_node')

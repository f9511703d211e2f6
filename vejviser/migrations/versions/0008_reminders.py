"""reminders: a date per kind of information, the consultant's freshness limits, reminder mails
and their single-use links

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 05:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours_checked_at', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('details_checked_at', sa.Date(), nullable=True))
    op.create_table('freshness_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hours_days', sa.Integer(), nullable=False),
    sa.Column('details_days', sa.Integer(), nullable=False),
    sa.Column('reminder_interval_days', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=255), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freshness_settings'))
    )
    op.create_table('stale_reminder',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by', sa.String(length=255), nullable=False),
    sa.Column('offers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_stale_reminder_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stale_reminder'))
    )
    with op.batch_alter_table('stale_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stale_reminder_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stale_reminder_sent_at'), ['sent_at'], unique=False)
    op.create_table('reminder_link',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('reminder_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_reminder_link_offer_id_offer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reminder_id'], ['stale_reminder.id'], name=op.f('fk_reminder_link_reminder_id_stale_reminder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_link'))
    )
    with op.batch_alter_table('reminder_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_link_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_link_reminder_id'), ['reminder_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reminder_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_link_reminder_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_link_offer_id'))
    op.drop_table('reminder_link')
    with op.batch_alter_table('stale_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stale_reminder_sent_at'))
        batch_op.drop_index(batch_op.f('ix_stale_reminder_organization_id'))
    op.drop_table('stale_reminder')
    op.drop_table('freshness_settings')
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_column('details_checked_at')
        batch_op.drop_column('hours_checked_at')

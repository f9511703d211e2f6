"""freshness: tonight's free places (figure, log, links), the winter emergency plan,
search insights per week

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 02:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('free_places',
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_free_places_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', name=op.f('pk_free_places'))
    )
    op.create_table('free_places_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('places', sa.Integer(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by', sa.String(length=255), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_free_places_log_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_free_places_log'))
    )
    with op.batch_alter_table('free_places_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_free_places_log_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_free_places_log_set_at'), ['set_at'], unique=False)
    op.create_table('free_places_link',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=255), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_free_places_link_offer_id_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_free_places_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_free_places_link_token_hash'))
    )
    with op.batch_alter_table('free_places_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_free_places_link_offer_id'), ['offer_id'], unique=False)
    op.create_table('winter_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winter_plan'))
    )
    op.create_table('winter_hours',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('byday', sa.String(length=32), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=True),
    sa.Column('closes_at', sa.Time(), nullable=True),
    sa.Column('all_day', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=255), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_winter_hours_offer_id_offer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['winter_plan.id'], name=op.f('fk_winter_hours_plan_id_winter_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winter_hours'))
    )
    with op.batch_alter_table('winter_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_winter_hours_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_winter_hours_plan_id'), ['plan_id'], unique=False)
    op.create_table('search_week',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('zero_results', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('week', name=op.f('pk_search_week'))
    )
    op.create_table('search_query_week',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('query', sa.String(length=100), nullable=True),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('zero_results', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_query_week')),
    sa.UniqueConstraint('week', 'digest', name='uq_search_query_week_digest')
    )
    with op.batch_alter_table('search_query_week', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_query_week_week'), ['week'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('search_query_week', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_query_week_week'))
    op.drop_table('search_query_week')
    op.drop_table('search_week')
    with op.batch_alter_table('winter_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_winter_hours_plan_id'))
        batch_op.drop_index(batch_op.f('ix_winter_hours_offer_id'))
    op.drop_table('winter_hours')
    op.drop_table('winter_plan')
    with op.batch_alter_table('free_places_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_free_places_link_offer_id'))
    op.drop_table('free_places_link')
    with op.batch_alter_table('free_places_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_free_places_log_set_at'))
        batch_op.drop_index(batch_op.f('ix_free_places_log_offer_id'))
    op.drop_table('free_places_log')
    op.drop_table('free_places')

"""accounts: back-office accounts, their organisations, invitation and reset tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 01:45:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=True),
    sa.Column('recovery_codes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['account.id'], name=op.f('fk_account_invited_by_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('email', name=op.f('uq_account_email'))
    )
    op.create_table('account_organisation',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_organisation_account_id_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organization.id'], name=op.f('fk_account_organisation_organisation_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'organisation_id', name=op.f('pk_account_organisation'))
    )
    with op.batch_alter_table('account_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_organisation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_account_token_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_account_id'), ['account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_account_id'))
    op.drop_table('account_token')
    with op.batch_alter_table('account_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_organisation_organisation_id'))
    op.drop_table('account_organisation')
    op.drop_table('account')

"""editing: proposals, synonyms, revisions with accounts and documents, retired offers and
organisations, trusted organisations, resolved error reports

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 01:47:23.755280
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Server defaults fill the new NOT NULL columns of existing rows; the models set them too.
    op.create_table('synonym_group',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('english', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synonym_group'))
    )
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('offer_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('base', sa.JSON(), nullable=False),
    sa.Column('proposed', sa.JSON(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('edited', sa.JSON(), nullable=False),
    sa.Column('submitter_id', sa.Integer(), nullable=True),
    sa.Column('submitter_name', sa.String(length=255), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_name', sa.String(length=255), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], name=op.f('fk_proposal_offer_id_offer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['account.id'], name=op.f('fk_proposal_reviewer_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitter_id'], ['account.id'], name=op.f('fk_proposal_submitter_id_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_submitter_id'), ['submitter_id'], unique=False)

    with op.batch_alter_table('correction_suggestion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_by', sa.String(length=255), nullable=False, server_default=''))

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_offer_merged_into_id_offer'), 'offer', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trusted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_organization_merged_into_id_organization'), 'organization', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('document', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_revision_account_id'), ['account_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_revision_proposal_id_proposal'), 'proposal', ['proposal_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_revision_account_id_account'), 'account', ['account_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_revision_account_id_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_revision_proposal_id_proposal'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_revision_account_id'))
        batch_op.drop_column('document')
        batch_op.drop_column('proposal_id')
        batch_op.drop_column('account_id')

    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organization_merged_into_id_organization'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('retired_at')
        batch_op.drop_column('trusted')

    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_offer_merged_into_id_offer'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('retired_at')

    with op.batch_alter_table('correction_suggestion', schema=None) as batch_op:
        batch_op.drop_column('resolved_by')
        batch_op.drop_column('resolved_at')

    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_submitter_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_proposal_offer_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_created_at'))

    op.drop_table('proposal')
    op.drop_table('synonym_group')

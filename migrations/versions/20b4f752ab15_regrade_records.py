"""regrade records: the old score of each response rescored by `quiz regrade`

Revision ID: 20b4f752ab15
Revises: 4be7b9015309
Create Date: 2026-11-26 11:56:47.482014

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '20b4f752ab15'
down_revision = '4be7b9015309'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('regrade_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('old_version_id', sa.Integer(), nullable=False),
    sa.Column('new_version_id', sa.Integer(), nullable=False),
    sa.Column('old_earned', sa.Integer(), nullable=False),
    sa.Column('old_possible', sa.Integer(), nullable=False),
    sa.Column('new_earned', sa.Integer(), nullable=False),
    sa.Column('new_possible', sa.Integer(), nullable=False),
    sa.Column('regraded_by', sa.String(length=64), nullable=False),
    sa.Column('regraded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('new_earned >= 0 AND new_earned <= new_possible', name=op.f('ck_regrade_record_new_score')),
    sa.CheckConstraint('old_earned >= 0 AND old_earned <= old_possible', name=op.f('ck_regrade_record_old_score')),
    sa.CheckConstraint('old_version_id <> new_version_id', name=op.f('ck_regrade_record_new_version')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_regrade_record_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['new_version_id'], ['question_version.id'], name=op.f('fk_regrade_record_new_version_id_question_version')),
    sa.ForeignKeyConstraint(['old_version_id'], ['question_version.id'], name=op.f('fk_regrade_record_old_version_id_question_version')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_regrade_record_question_id_question')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_regrade_record_response_id_response')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regrade_record'))
    )
    with op.batch_alter_table('regrade_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regrade_record_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_regrade_record_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('regrade_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regrade_record_question_id'))
        batch_op.drop_index(batch_op.f('ix_regrade_record_attempt_id'))

    op.drop_table('regrade_record')

"""attempt modes and purposes, quiz default mode, answer confidence, review cards

Revision ID: 9a1c0e55d7b2
Revises: 96ebf17114e3
Create Date: 2026-11-26 11:54:31.172802

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a1c0e55d7b2'
down_revision = '96ebf17114e3'
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'open'")


def upgrade():
    op.create_table('review_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('card', sa.JSON(), nullable=False),
    sa.Column('due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_rating', sa.Integer(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('last_rating BETWEEN 1 AND 4', name=op.f('ck_review_card_last_rating')),
    sa.CheckConstraint('reviews >= 1', name=op.f('ck_review_card_reviews')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_review_card_question_id_question')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_review_card_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_card')),
    sa.UniqueConstraint('user_id', 'question_id', name=op.f('uq_review_card_user_id_question_id'))
    )
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.create_index('ix_review_card_user_due', ['user_id', 'due'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('module_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('mode', sa.String(length=16), server_default='test', nullable=False))
        batch_op.add_column(sa.Column('purpose', sa.String(length=16), server_default='quiz', nullable=False))
        batch_op.alter_column('quiz_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.drop_index('uq_attempt_open_per_user_quiz', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.create_index('uq_attempt_open_per_user_quiz', ['user_id', 'quiz_id', 'purpose'], unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.create_index('uq_attempt_open_per_user_module', ['user_id', 'module_id', 'purpose'], unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.create_foreign_key(batch_op.f('fk_attempt_module_id_module'), 'module', ['module_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_attempt_mode'), "mode IN ('test', 'practice')")
        batch_op.create_check_constraint(op.f('ck_attempt_purpose'), "purpose IN ('quiz', 'missed', 'review')")
        batch_op.create_check_constraint(
            op.f('ck_attempt_scope'),
            "(quiz_id IS NULL) <> (module_id IS NULL) AND (purpose <> 'quiz' OR quiz_id IS NOT NULL)")

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=16), server_default='test', nullable=False))
        batch_op.create_check_constraint(op.f('ck_quiz_mode'), "mode IN ('test', 'practice')")

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confidence', sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_response_confidence'),
            "confidence IS NULL OR confidence IN ('low', 'medium', 'high')")


def downgrade():
    # Practice sets (missed / review) cannot exist in the old schema: remove them first.
    practice = "SELECT id FROM attempt WHERE purpose <> 'quiz'"
    op.execute(f"DELETE FROM response WHERE attempt_id IN ({practice})")
    op.execute(f"DELETE FROM attempt_item WHERE attempt_id IN ({practice})")
    op.execute("DELETE FROM attempt WHERE purpose <> 'quiz'")

    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_response_confidence'), type_='check')
        batch_op.drop_column('confidence')

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_quiz_mode'), type_='check')
        batch_op.drop_column('mode')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_scope'), type_='check')
        batch_op.drop_constraint(op.f('ck_attempt_purpose'), type_='check')
        batch_op.drop_constraint(op.f('ck_attempt_mode'), type_='check')
        batch_op.drop_constraint(op.f('fk_attempt_module_id_module'), type_='foreignkey')
        batch_op.drop_index('uq_attempt_open_per_user_module', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.drop_index('uq_attempt_open_per_user_quiz', sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.create_index('uq_attempt_open_per_user_quiz', ['user_id', 'quiz_id'], unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
        batch_op.alter_column('quiz_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('purpose')
        batch_op.drop_column('mode')
        batch_op.drop_column('module_id')

    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.drop_index('ix_review_card_user_due')

    op.drop_table('review_card')

"""unfolding cases (stages reached), marks per attempt item, quiz settings (attempts,
grading, availability with cohort windows, review), extra attempts, the audit table, the exam
pool's blueprint

Revision ID: c13a5e0f2b71
Revises: c41d7e9a2b10
Create Date: 2026-12-02 08:09:14.081671

History is never rewritten: every attempt item already stored gets as its mark the points its
version was worth (max_score), so marks = points earned and every old total, percentage and
pass is exactly what it was. New attempts take each item's mark from its version (default 1).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c13a5e0f2b71'
down_revision = 'c41d7e9a2b10'
branch_labels = None
depends_on = None

OLD_EVENT_KINDS = ('started', 'saved', 'submitted', 'auto_submitted', 'refused_stale',
                   'refused_late', 'refused_invalid')
EVENT_KINDS = OLD_EVENT_KINDS + ('advanced', 'refused_closed')
AUDIT_ACTIONS = ('granted_attempts', 'set_quiz_window', 'cleared_quiz_window')
WINDOW = 'opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at'


def _kinds(kinds):
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade():
    op.create_table('attempt_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('extra', sa.Integer(), nullable=False),
    sa.Column('granted_by', sa.Integer(), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('extra > 0', name=op.f('ck_attempt_grant_extra')),
    sa.ForeignKeyConstraint(['granted_by'], ['user_account.id'], name=op.f('fk_attempt_grant_granted_by_user_account')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_attempt_grant_quiz_id_quiz')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_attempt_grant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_grant'))
    )
    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_grant_user_id'), ['user_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('quiz_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint("action IN (" + ", ".join(f"'{a}'" for a in AUDIT_ACTIONS) + ")",
                       name=op.f('ck_audit_event_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_audit_event_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_audit_event_quiz_id_quiz')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)

    op.create_table('quiz_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('set_by', sa.Integer(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(WINDOW, name=op.f('ck_quiz_window_window')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_quiz_window_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['quiz_id'], ['quiz.id'], name=op.f('fk_quiz_window_quiz_id_quiz')),
    sa.ForeignKeyConstraint(['set_by'], ['user_account.id'], name=op.f('fk_quiz_window_set_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_window')),
    sa.UniqueConstraint('quiz_id', 'cohort_id', name=op.f('uq_quiz_window_quiz_id_cohort_id'))
    )
    with op.batch_alter_table('quiz_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_window_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('attempt_stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('reached_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('stage > 0', name=op.f('ck_attempt_stage_stage')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_attempt_stage_attempt_id_attempt')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_stage')),
    sa.UniqueConstraint('attempt_id', 'case_id', 'stage', name=op.f('uq_attempt_stage_attempt_id_case_id_stage'))
    )
    with op.batch_alter_table('attempt_stage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_stage_attempt_id'), ['attempt_id'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_event_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attempt_event_kind'), _kinds(EVENT_KINDS))

    # Existing items are worth their points possible: old totals stay exactly as they were.
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mark_hundredths', sa.Integer(), nullable=True))
    op.execute("UPDATE attempt_item SET mark_hundredths = 100 * (SELECT max_score FROM "
               "question_version WHERE question_version.id = attempt_item.question_version_id)")
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.alter_column('mark_hundredths', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_attempt_item_mark'), 'mark_hundredths > 0')

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts_allowed', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('grading', sa.String(length=16), server_default='highest', nullable=False))
        batch_op.add_column(sa.Column('opens_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review', sa.String(length=16), server_default='immediately', nullable=False))
        batch_op.add_column(sa.Column('review_shows', sa.String(length=16), server_default='key', nullable=False))
        batch_op.add_column(sa.Column('blueprint', sa.JSON(none_as_null=True), nullable=True))
        batch_op.drop_constraint(op.f('ck_quiz_final_draws'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_quiz_final_draws'),
            "kind = 'lesson' OR draw_per_lesson > 0 OR blueprint IS NOT NULL")
        batch_op.create_check_constraint(op.f('ck_quiz_attempts_allowed'),
                                         'attempts_allowed IS NULL OR attempts_allowed > 0')
        batch_op.create_check_constraint(op.f('ck_quiz_grading'),
                                         "grading IN ('highest', 'last', 'first', 'average')")
        batch_op.create_check_constraint(op.f('ck_quiz_review'),
                                         "review IN ('immediately', 'after_close', 'never')")
        batch_op.create_check_constraint(op.f('ck_quiz_review_shows'),
                                         "review_shows IN ('score', 'responses', 'key')")
        batch_op.create_check_constraint(op.f('ck_quiz_window'), WINDOW)


def downgrade():
    # The older schema has no pool exams and no new event kinds: remove what it cannot hold.
    pool_quizzes = "SELECT id FROM quiz WHERE blueprint IS NOT NULL"
    pool_attempts = f"SELECT id FROM attempt WHERE quiz_id IN ({pool_quizzes})"
    for table in ('attempt_event', 'response', 'attempt_item', 'attempt_stage'):
        op.execute(f"DELETE FROM {table} WHERE attempt_id IN ({pool_attempts})")
    op.execute(f"DELETE FROM review_card WHERE question_id IN "
               f"(SELECT id FROM question WHERE quiz_id IN ({pool_quizzes}))")
    op.execute(f"DELETE FROM regrade_record WHERE attempt_id IN ({pool_attempts})")
    op.execute(f"DELETE FROM attempt WHERE quiz_id IN ({pool_quizzes})")
    op.execute("DELETE FROM attempt_event WHERE kind IN ('advanced', 'refused_closed')")
    op.execute(f"UPDATE question SET current_version_id = NULL WHERE quiz_id IN ({pool_quizzes})")
    op.execute(f"DELETE FROM question_version WHERE question_id IN "
               f"(SELECT id FROM question WHERE quiz_id IN ({pool_quizzes}))")
    for table in ('attempt_grant', 'audit_event', 'quiz_window'):
        op.execute(f"DELETE FROM {table} WHERE quiz_id IN ({pool_quizzes})")
    op.execute(f"DELETE FROM question WHERE quiz_id IN ({pool_quizzes})")
    op.execute("DELETE FROM quiz WHERE blueprint IS NOT NULL")

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        for name in ('window', 'review_shows', 'review', 'grading', 'attempts_allowed',
                     'final_draws'):
            batch_op.drop_constraint(op.f(f'ck_quiz_{name}'), type_='check')
        batch_op.create_check_constraint(op.f('ck_quiz_final_draws'),
                                         "kind = 'lesson' OR draw_per_lesson > 0")
        batch_op.drop_column('blueprint')
        batch_op.drop_column('review_shows')
        batch_op.drop_column('review')
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
        batch_op.drop_column('grading')
        batch_op.drop_column('attempts_allowed')

    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_item_mark'), type_='check')
        batch_op.drop_column('mark_hundredths')

    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_event_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attempt_event_kind'), _kinds(OLD_EVENT_KINDS))

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_column('closes_at')

    with op.batch_alter_table('attempt_stage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_stage_attempt_id'))
    op.drop_table('attempt_stage')
    with op.batch_alter_table('quiz_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_window_cohort_id'))
    op.drop_table('quiz_window')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
    op.drop_table('audit_event')
    with op.batch_alter_table('attempt_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_grant_user_id'))
    op.drop_table('attempt_grant')

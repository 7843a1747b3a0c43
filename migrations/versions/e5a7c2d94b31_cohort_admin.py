"""cohort management: archived cohorts, and audit actions for renames, codes, members and
co-teachers

cohort.archived_at marks a cohort its owner archived (no new students; out of "All my
cohorts"); audit_event.action accepts the cohort management actions; audit_event.cohort_id is
indexed for the log on each cohort's page.

Revision ID: e5a7c2d94b31
Revises: 77bc294eef45
Create Date: 2026-12-02 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5a7c2d94b31'
down_revision = '77bc294eef45'
branch_labels = None
depends_on = None

OLD_ACTIONS = ('granted_attempts', 'set_quiz_window', 'cleared_quiz_window')
COHORT_ACTIONS = ('renamed_cohort', 'archived_cohort', 'unarchived_cohort', 'new_join_code',
                  'removed_student', 'moved_student', 'added_co_teacher', 'removed_co_teacher')
NEW_ACTIONS = (*OLD_ACTIONS, *COHORT_ACTIONS)


def _actions(actions):
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def upgrade():
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_event_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_event_action'), _actions(NEW_ACTIONS))
        batch_op.create_index(batch_op.f('ix_audit_event_cohort_id'), ['cohort_id'],
                              unique=False)


def downgrade():
    # The audit trail is append-only: refuse rather than delete events the old schema lacks.
    found = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM audit_event WHERE " + _actions(COHORT_ACTIONS))).scalar()
    if found:
        raise RuntimeError(f"{found} cohort management audit events exist; this downgrade "
                           "would have to delete audit history, so it stops here.")
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_cohort_id'))
        batch_op.drop_constraint(op.f('ck_audit_event_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_event_action'), _actions(OLD_ACTIONS))
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

"""attempt events: refused_invalid (a save whose every answer was refused)

Revision ID: c3d1f0a2b9e4
Revises: 7ee35ca24999
Create Date: 2026-12-03 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3d1f0a2b9e4'
down_revision = '7ee35ca24999'
branch_labels = None
depends_on = None

OLD_KINDS = ('started', 'saved', 'submitted', 'auto_submitted', 'refused_stale',
             'refused_late')
NEW_KINDS = (*OLD_KINDS, 'refused_invalid')


def _kinds(kinds):
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def upgrade():
    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_event_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attempt_event_kind'), _kinds(NEW_KINDS))


def downgrade():
    # The audit trail is append-only: refuse rather than delete events the old schema lacks.
    found = op.get_bind().execute(sa.text(
        "SELECT COUNT(*) FROM attempt_event WHERE kind = 'refused_invalid'")).scalar()
    if found:
        raise RuntimeError(f"{found} attempt events of kind 'refused_invalid' exist; this "
                           "downgrade would have to delete audit history, so it stops here.")
    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_event_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_attempt_event_kind'), _kinds(OLD_KINDS))

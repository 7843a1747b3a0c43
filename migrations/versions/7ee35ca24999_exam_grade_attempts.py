"""exam-grade attempts: sequence check, deadline, extra time, attempt events

Revision ID: 7ee35ca24999
Revises: 20b4f752ab15
Create Date: 2026-11-26 11:54:07.943252

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7ee35ca24999'
down_revision = '20b4f752ab15'
branch_labels = None
depends_on = None

EVENT_KINDS = ('started', 'saved', 'submitted', 'auto_submitted', 'refused_stale',
               'refused_late')


def upgrade():
    op.create_table('attempt_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in EVENT_KINDS) + ")",
                       name=op.f('ck_attempt_event_kind')),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_attempt_event_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_attempt_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_event'))
    )
    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_event_attempt_id'), ['attempt_id'], unique=False)

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('deadline', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('auto_submitted', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(op.f('ck_attempt_sequence'), 'sequence >= 0')

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_limit_minutes', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_quiz_time_limit'), 'time_limit_minutes IS NULL OR time_limit_minutes > 0')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra_time', sa.Double(), server_default='1', nullable=False))
        batch_op.create_check_constraint(op.f('ck_user_account_extra_time'),
                                         'extra_time >= 1 AND extra_time <= 4')


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_extra_time'), type_='check')
        batch_op.drop_column('extra_time')

    with op.batch_alter_table('quiz', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_quiz_time_limit'), type_='check')
        batch_op.drop_column('time_limit_minutes')

    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attempt_sequence'), type_='check')
        batch_op.drop_column('auto_submitted')
        batch_op.drop_column('deadline')
        batch_op.drop_column('sequence')

    with op.batch_alter_table('attempt_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attempt_event_attempt_id'))

    op.drop_table('attempt_event')

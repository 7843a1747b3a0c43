"""media files: the pictures questions show, stored once by digest

Revision ID: d7e2a41c9f10
Revises: c3d1f0a2b9e4
Create Date: 2026-12-02 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd7e2a41c9f10'
down_revision = 'c3d1f0a2b9e4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'media_file',
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('media_type', sa.String(length=32), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("media_type IN ('image/png', 'image/jpeg', 'image/svg+xml')",
                           name=op.f('ck_media_file_media_type')),
        sa.CheckConstraint('size > 0 AND size <= 4000000', name=op.f('ck_media_file_size')),
        sa.PrimaryKeyConstraint('digest', name=op.f('pk_media_file')),
    )


def downgrade():
    op.drop_table('media_file')

"""add post.published_at

Revision ID: 4c1d2e8f9a0b
Revises: 9e7b3a5c1d20
"""

import sqlalchemy as sa
from alembic import op

revision = "4c1d2e8f9a0b"
down_revision = "9e7b3a5c1d20"


def upgrade() -> None:
    op.add_column("post", sa.Column("published_at", sa.DateTime()))


def downgrade() -> None:  # expect: DB006
    """Nothing to undo."""
    pass


class Helper:
    def downgrade(self) -> None:  # ok: DB006
        pass

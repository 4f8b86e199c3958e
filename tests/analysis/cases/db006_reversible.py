from alembic import op

revision = "7a2f4b6c8d10"
down_revision = "4c1d2e8f9a0b"


def upgrade() -> None:
    op.add_column("post", None)


def downgrade() -> None:  # ok: DB006
    op.drop_column("post", "status")

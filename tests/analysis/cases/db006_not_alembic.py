# A module that merely defines a function called downgrade.
def downgrade() -> None:  # ok: DB006
    pass

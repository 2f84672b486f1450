"""For migrations that use what only PostgreSQL has (generated tsvector columns, INCLUDE
indexes); on SQLite, the embedded default, they do nothing."""


def run_on_postgresql(statements: list[str]):
    """A RunPython function executing `statements` on PostgreSQL only."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run

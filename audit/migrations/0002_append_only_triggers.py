"""Refuse UPDATE and DELETE on the audit log and its checkpoints, on SQLite and PostgreSQL.

An attacker with database rights can drop these triggers; the hash chain and the
published checkpoints are what make that detectable. In production, also revoke
UPDATE, DELETE and TRUNCATE on audit_auditentry from the application's role.
"""

from django.db import migrations

TABLES = ("audit_auditentry", "audit_auditcheckpoint")
SQLITE = [
    f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END;"
    for table in TABLES
    for op in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};" for table in TABLES for op in ("UPDATE", "DELETE")
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$ LANGUAGE plpgsql;""",
    *(
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();"
        for table in TABLES
        for op in ("UPDATE", "DELETE")
    ),
]
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS {t}_no_{op.lower()} ON {t};" for t in TABLES for op in ("UPDATE", "DELETE")),
    "DROP FUNCTION IF EXISTS audit_refuse_change();",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]

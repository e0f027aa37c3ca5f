"""Indexes for the inbox, queue and archive first pages over viewflow's task table.

The table belongs to viewflow, so the indexes are plain SQL (valid on SQLite and
PostgreSQL alike) rather than model state:

- inbox: a user's assigned tasks, newest first;
- queue: open human tasks, newest first (the permission test filters while walking it);
- archive: a user's finished tasks, newest first.
"""

from django.db import migrations

INDEXES = {
    "planflow_task_inbox_idx": "viewflow_task (owner_id, status, created DESC)",
    "planflow_task_queue_idx": (
        "viewflow_task (created DESC) WHERE status = 'NEW' AND flow_task_type = 'HUMAN'"
    ),
    "planflow_task_archive_idx": (
        "viewflow_task (owner_id, created DESC) WHERE finished IS NOT NULL"
    ),
}


class Migration(migrations.Migration):
    dependencies = [
        ("planflow", "0003_delegation"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]

"""A new row through one prepared INSERT, for a path that adds rows of one model at volume.

The public consultation accepts citizens' proposals by the thousand: there ``save()``
compiled the same 27-column INSERT on every request (as much Python as the rest of the
service) and PostgreSQL parsed and planned it again each time (a third of its time for the
INSERT), measured for benchmarks/intake_bench.py. Here the statement is built once per
model and, on PostgreSQL, prepared once per connection (psycopg's server-side binding).
Like ``bulk_create``, it sends no ``pre_save``/``post_save`` signals. Behind a pooler in
transaction mode, prepared statements need PgBouncer 1.21+ (``max_prepared_statements``).
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.db import connection
from django.db.models import Field, Model

_STATEMENTS: dict[type[Model], tuple[str, list[Field[Any, Any]]]] = {}


def insert_row(instance: Model) -> None:
    """INSERT ``instance`` as a new row (defaults and ``auto_now_add`` applied as ``save()``
    applies them) and set its primary key."""
    sql, fields = _statement(type(instance))
    params = [field.get_db_prep_save(field.pre_save(instance, True), connection)
              for field in fields]  # fmt: skip
    if connection.vendor == "postgresql":
        connection.close_if_health_check_failed()  # as connection.cursor() does
        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            row = cursor.fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
    assert row is not None
    instance.pk = row[0]
    instance._state.adding, instance._state.db = False, connection.alias


def _statement(model: type[Model]) -> tuple[str, list[Field[Any, Any]]]:
    statement = _STATEMENTS.get(model)
    if statement is None:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        # Names from the model's metadata, quoted; the values go as parameters.
        columns = ", ".join(quote(_column(f)) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        assert meta.pk is not None
        table, pk = quote(meta.db_table), quote(_column(meta.pk))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING {pk}"  # noqa: S608
        statement = _STATEMENTS[model] = (sql, fields)
    return statement


def _column(field: Field[Any, Any]) -> str:
    assert field.column, field  # a concrete field has one
    return field.column

"""Statements written once, for the hottest paths: inserts, updates and rows read as models.

`Model.objects.create()` and `save(update_fields=...)` build their SQL again on every call:
the query object, the compiler, the column list. For an API report that writes six rows, that
building was a third of the request's CPU. These helpers write the same rows (every concrete
field, `auto_now`/`auto_now_add` applied, each value prepared by its field exactly as `save()`
prepares it) with a statement made once per model and row count and kept:

- `insert(*instances)`: `INSERT ... VALUES (...), (...) RETURNING id`, as many rows per statement
  as the database takes parameters (`bulk_batch_size`, as `bulk_create` splits); sets each `pk`.
- `update(instance, names)`: one `UPDATE ... SET ... WHERE id = %s`.
- `select_from(model, alias)` and `from_row(model, values)`: `SELECT <every column> FROM
  table alias` to begin a hand-written query, and an instance made from a row of it with every
  field's database converters applied (JSON parsed, SQLite's times and booleans read), as the
  ORM makes one.

All run on PostgreSQL and SQLite (3.35 and newer have `RETURNING`). No signals are sent (no
model in MissingHub listens for them) and the instances are not validated, as with `create()`.
"""

from typing import Any, TypeVar, cast

from django.db import connection, models
from django.db.models.expressions import DatabaseDefault

Instance = TypeVar("Instance", bound=models.Model)
_INSERTS: dict[tuple[type[models.Model], int], str] = {}
_UPDATES: dict[tuple[type[models.Model], tuple[str, ...]], str] = {}
_CONVERTERS: dict[type[models.Model], tuple[list[str], list[tuple[list[Any], Any]]]] = {}


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _insert_sql(model: type[models.Model], rows: int) -> str:
    key = (model, rows)
    if key not in _INSERTS:
        quote = connection.ops.quote_name
        fields = _fields(model)
        columns = ", ".join(quote(str(f.column)) for f in fields)
        row = "(" + ", ".join("%s" for _ in fields) + ")"
        pk = quote(str(model._meta.pk.column)) if model._meta.pk is not None else "id"
        _INSERTS[key] = (
            f"INSERT INTO {quote(str(model._meta.db_table))} ({columns})"  # noqa: S608
            f" VALUES {', '.join([row] * rows)} RETURNING {pk}"
        )
    return _INSERTS[key]


def _value(field: models.Field, instance: models.Model, add: bool = True) -> Any:
    value = field.pre_save(instance, add)
    if isinstance(value, DatabaseDefault):
        raise ValueError(f"{field} has only a database default: give it a value")
    return field.get_db_prep_save(value, connection)


def insert(*instances: Instance) -> list[Instance]:
    """Insert instances of one model in one statement; each gets its primary key."""
    if not instances:
        return []
    model = type(instances[0])
    fields = _fields(model)
    size = max(1, connection.ops.bulk_batch_size(fields, instances))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(instances), size):
            chunk = instances[start : start + size]
            params = [_value(field, instance) for instance in chunk for field in fields]
            cursor.execute(_insert_sql(model, len(chunk)), params)
            ids += [row[0] for row in cursor.fetchall()]
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias
    return list(instances)


def update(instance: models.Model, names: tuple[str, ...]) -> None:
    """Write the named fields of a stored instance (as `save(update_fields=names)`)."""
    model = type(instance)
    key = (model, names)
    fields = [cast(models.Field, model._meta.get_field(name)) for name in names]
    if key not in _UPDATES:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
        pk = quote(str(model._meta.pk.column)) if model._meta.pk is not None else "id"
        table = quote(str(model._meta.db_table))
        _UPDATES[key] = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
    params = [_value(field, instance, False) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_UPDATES[key], [*params, instance.pk])


def select_from(model: type[models.Model], alias: str) -> str:
    """`SELECT alias."column", ... FROM "table" alias`, every concrete field in `from_row`'s
    order, to begin a hand-written query."""
    quote = connection.ops.quote_name
    table = quote(str(model._meta.db_table))
    return f"SELECT {columns(model, alias)} FROM {table} {alias}"  # noqa: S608


def columns(model: type[models.Model], alias: str) -> str:
    """`alias."column", ...` for every concrete field of the model, in `from_row`'s order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(str(f.column))}" for f in model._meta.concrete_fields)


def from_row(model: type[Instance], values: Any) -> Instance:
    """An instance from the values of `columns(model, ...)`, converted as the ORM converts."""
    if model not in _CONVERTERS:
        table, fields = str(model._meta.db_table), model._meta.concrete_fields
        _CONVERTERS[model] = (
            [f.attname for f in fields],
            [
                (
                    connection.ops.get_db_converters(f.get_col(table))
                    + f.get_db_converters(connection),
                    f.get_col(table),
                )
                for f in fields
            ],
        )
    names, converters_of = _CONVERTERS[model]
    converted = []
    for value, (converters, expression) in zip(values, converters_of, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, names, converted)

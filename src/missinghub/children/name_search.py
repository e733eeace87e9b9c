"""The SQL of a name search (children.search explains the keys and the rule).

One query shape on both databases. PostgreSQL answers the name test from its GIN indexes
(children migration 0005): `string_to_array(name_sounds, ' ') @> codes` and pg_trgm's `%`.
SQLite has neither: it tests each row with LIKE and a Python `trigram_similarity` registered on
every connection (`use_on_sqlite`), the same results found by a scan.
"""

from typing import Any

from django.db.models import BooleanField, Expression, F, FloatField, Q

from missinghub.children.search import TRIGRAM_THRESHOLD, trigram_similarity

SIMILARITY_FUNCTION = "trigram_similarity"


def use_on_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: give SQLite the trigram similarity PostgreSQL has."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SIMILARITY_FUNCTION, 2, trigram_similarity, deterministic=True
        )


class _OnNames(Expression):
    """An expression over the `name_sounds` or `search_name` column and one bound value."""

    def __init__(self, column: str, value: Any) -> None:
        super().__init__()
        self.column: Any = F(column)
        self.value = value

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Any) -> None:
        (self.column,) = exprs

    def column_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.column)
        return sql, list(params)


class HasEverySound(_OnNames):
    """Every one of `codes` is among the row's Metaphone codes."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        tests = " AND ".join([f"(' ' || {column} || ' ') LIKE %s"] * len(self.value))
        return f"({tests})", params * len(self.value) + [f"% {code} %" for code in self.value]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        return f"(string_to_array({column}, ' ') @> %s::text[])", [*params, list(self.value)]


class SpeltAlike(_OnNames):
    """Trigram similarity of the row's name and `text` at least pg_trgm's threshold."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        sql = f"({SIMILARITY_FUNCTION}({column}, %s) >= {TRIGRAM_THRESHOLD})"
        return sql, [*params, self.value]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        return f"({column} %% %s)", [*params, self.value]


class NameLikeness(_OnNames):
    """Trigram similarity of the row's name and `text`, 0 to 1: the order of the results."""

    output_field = FloatField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        return f"{SIMILARITY_FUNCTION}({column}, %s)", [*params, self.value]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        column, params = self.column_sql(compiler, connection)
        return f"similarity({column}, %s)", [*params, self.value]


def name_matches(text: str, codes: list[str]) -> Q:
    """Rows whose names sound like every typed word, or are spelt like the typed text."""
    spelt = Q(SpeltAlike("search_name", text))
    return (Q(HasEverySound("name_sounds", codes)) | spelt) if codes else spelt

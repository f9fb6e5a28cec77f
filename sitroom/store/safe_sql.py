"""The statement check behind `sitroom sql`: one SELECT over the corpus tables, nothing else.

It is the second of two locks: `Store` also runs user SQL on a read-only connection with
external access disabled, so neither a write nor a file read would get through even if this
check missed one. The check exists to refuse early with a reason a person can act on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import duckdb

from ..errors import QueryRefused

# Table functions that only compute or describe the database; every other one (read_csv,
# read_parquet, glob, query, ...) may touch files or run other statements, so it is refused.
SAFE_TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest", "duckdb_tables", "duckdb_columns", "duckdb_views",
    "duckdb_functions", "duckdb_types", "duckdb_constraints", "duckdb_indexes",
    "pragma_table_info", "pragma_show_tables",
})
REFUSED_FUNCTIONS = frozenset({"getenv", "query", "query_table"})


def check(conn, query: str) -> None:
    """Raise `QueryRefused` unless `query` is a single read-only SELECT."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryRefused(f"cannot parse the query: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefused(f"give one statement, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(f"only SELECT queries are allowed, not {kind.name}")
    tree = json.loads(conn.execute("SELECT json_serialize_sql(?)", [query]).fetchall()[0][0])
    if tree.get("error"):
        raise QueryRefused(f"cannot parse the query: {tree.get('error_message')}")
    for node in _nodes(tree):
        _check_node(node)


def _check_node(node: dict[str, Any]) -> None:
    if node.get("type") == "TABLE_FUNCTION":
        name = node["function"].get("function_name", "").lower()
        if name not in SAFE_TABLE_FUNCTIONS:
            raise QueryRefused(f"table function {name}() is not allowed here: "
                               f"sitroom sql reads the corpus tables only")
    elif node.get("type") == "BASE_TABLE":
        name = node.get("table_name", "")
        if any(ch in name for ch in "./\\:"):
            raise QueryRefused(f"{name!r} looks like a file or URL: sitroom sql reads the "
                               f"corpus tables only")
    elif node.get("class") == "FUNCTION" and node.get("function_name", "").lower() in \
            REFUSED_FUNCTIONS:
        raise QueryRefused(f"function {node['function_name']}() is not allowed here")


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]

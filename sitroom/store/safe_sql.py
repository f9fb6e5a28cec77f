"""The statement check behind `sitroom sql`: one SELECT over the corpus tables, nothing else.

It is the second of two locks: `Store` also runs user SQL on a read-only connection with
external access disabled, so neither a write nor a file read would get through even if this
check missed one. The check exists to refuse early with a reason a person can act on. `run`
adds the limits a server needs: a time limit (DuckDB's interrupt) and a cap on rows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import QueryRefused, StoreError

_BATCH = 8192

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
    _check_calls(conn, query)


def _check_calls(conn, query: str) -> None:
    """Refuse any call of a table function outside the safe ones, wherever it stands: a
    clause the syntax tree leaves out (an unused named WINDOW) is still caught here."""
    tokens = duckdb.tokenize(query)
    ends = [start for start, _ in tokens[1:]] + [len(query)]
    words = [query[start:end].strip() for (start, _), end in zip(tokens, ends, strict=True)]
    unsafe = _table_functions(conn) - SAFE_TABLE_FUNCTIONS
    for (_, kind), word, following in zip(tokens, words, [*words[1:], ""], strict=True):
        name = word.strip('"').lower()
        if kind == duckdb.token_type.identifier and following.startswith("(") and name in unsafe:
            raise QueryRefused(f"table function {name}() is not allowed here: "
                               f"sitroom sql reads the corpus tables only")


def _table_functions(conn) -> frozenset[str]:
    rows = conn.execute("SELECT DISTINCT lower(function_name) FROM duckdb_functions() "
                        "WHERE function_type = 'table'").fetchall()
    return frozenset(name for (name,) in rows)


def run(conn, query: str, *, timeout: float | None = None,
        max_rows: int | None = None) -> pa.Table:
    """Run a checked query; stopped after `timeout` seconds, refused past `max_rows` rows (read
    in batches, so a huge answer is never held whole)."""
    done = threading.Event()
    timer = threading.Timer(timeout, lambda: done.is_set() or conn.interrupt()) \
        if timeout else None
    if timer is not None:
        timer.start()
    try:
        return _fetch(conn, query, max_rows)
    except duckdb.InterruptException:
        raise StoreError(f"the query took longer than {timeout:g} s and was stopped") from None
    except duckdb.Error as exc:
        raise StoreError(_first_line(exc)) from None
    finally:
        done.set()
        if timer is not None:
            timer.cancel()


def _fetch(conn, query: str, max_rows: int | None) -> pa.Table:
    reader = conn.sql(query).to_arrow_reader(batch_size=_BATCH)
    batches, rows = [], 0
    with reader:  # closed on the way out, so the connection can run the next statement
        for batch in reader:
            rows += batch.num_rows
            if max_rows is not None and rows > max_rows:
                raise StoreError(f"the query gives more than {max_rows:,} rows: add a LIMIT "
                                 f"or an aggregate")
            batches.append(batch)
    return pa.Table.from_batches(batches, schema=reader.schema)


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

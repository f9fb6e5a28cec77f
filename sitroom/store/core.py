"""`Store`: one corpus in one embedded DuckDB file, and the questions it answers."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from .. import records
from ..errors import CorruptDatabase, DatabaseBusy, StoreError
from ..records import Analysis
from . import questions, reader, safe_sql, schema
from .result import Result
from .writer import Writer

DEFAULT_DB = "sitroom.duckdb"


def _store_error(path: Path, exc: duckdb.Error) -> StoreError:
    """A DuckDB error as ours: `CorruptDatabase` when the file is damaged."""
    message = _first_line(exc)
    if any(sign in message for sign in _DAMAGE):
        return CorruptDatabase(f"{path} is damaged ({message}); restore it from a copy, or "
                               f"ingest again into a new file")
    return StoreError(f"{path}: {message}")


# What DuckDB says of a file cut short, overwritten or with a bad block.
_DAMAGE = ("not a valid DuckDB database", "Could not read enough bytes", "Corrupt database",
           "does not match stored checksum")


def _guarded(method):
    """Store methods raise `StoreError`s, never DuckDB's own errors (a damaged block is found
    when it is first read, which may be long after opening)."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except duckdb.Error as exc:
            raise _store_error(self.path, exc) from None

    return wrapper


def _guarded_rows(path: Path, rows: Iterator) -> Iterator:
    try:
        yield from rows
    except duckdb.Error as exc:
        raise _store_error(path, exc) from None


class Store:
    """A corpus database. Read-only unless `writable=True`; use it as a context manager.

        >>> with Store("sitroom.duckdb") as corpus:
        ...     corpus.quotes(speaker="Putin", about="NATO", since="2023-01-01")
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, writable: bool = False):
        self.path = Path(path)
        self.writable = writable
        self.conn = _connect(self.path, writable)
        self.changes: list[str] = []  # what opening it migrated
        try:
            self._prepare() if writable else self._check_version()
        except duckdb.Error as exc:
            self.conn.close()
            raise _store_error(self.path, exc) from None
        except Exception:
            self.conn.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, writable={self.writable})"

    # --- writing ------------------------------------------------------------------------

    def writer(self, *, commit_every: int = 256) -> Writer:
        if not self.writable:
            raise StoreError(f"{self.path} is open read-only")
        return Writer(self.conn, commit_every=commit_every)

    def add(self, analyses: Iterable[Analysis]) -> int:
        """Store analysed articles, skipping documents already stored; returns how many were new."""
        known = self.document_ids()
        writer, added = self.writer(), 0
        for analysis in analyses:
            if analysis.ok and analysis.document.id not in known:
                writer.add_analysis(analysis)
                known.add(analysis.document.id)
                added += 1
        writer.flush()
        return added

    def ingest(self, paths: Iterable[str | Path], **settings: Any):
        """Read, analyse and store files and folders; see `sitroom.ingest.ingest`."""
        from ..ingest import ingest

        return ingest(self, paths, **settings)

    @_guarded
    def document_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM documents").fetchall()}

    @_guarded
    def done_sources(self) -> set[tuple[str, str]]:
        """(source, fingerprint) of every input whose outcome is committed."""
        rows = self.conn.execute("SELECT source, fingerprint FROM sources").fetchall()
        return {(s, f) for s, f in rows}

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        return _guarded_rows(self.path, self._signatures())

    def _signatures(self) -> Iterator[tuple[str, bytes]]:
        cursor = self.conn.cursor()
        cursor.execute("SELECT doc_id, minhash FROM signatures")
        while rows := cursor.fetchmany(10_000):
            yield from rows

    # --- questions ----------------------------------------------------------------------

    @_guarded
    def quotes(self, *, speaker: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None,
               limit: int | None = None) -> Result:
        """Quotes by `speaker` about `about` (actor names, ids or codes), newest first."""
        return questions.quotes(self.conn, speaker=speaker, about=about, since=since,
                                until=until, limit=limit)

    @_guarded
    def claims(self, *, claimant: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None,
               limit: int | None = None) -> Result:
        """Causal claims by `claimant` (an actor, `author`, or a speaker's words) about
        `about` (an actor or a word in the cause or effect), newest first."""
        return questions.claims(self.conn, claimant=claimant, about=about, since=since,
                                until=until, limit=limit)

    @_guarded
    def sourcing(self, *, by: str = "outlet", since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> Result:
        """Quoted, attributed and unattributed sentences per outlet or per document, with
        the unattributed share, most unsourced first."""
        return questions.sourcing(self.conn, by=by, since=since, until=until, limit=limit)

    @_guarded
    def actors(self, *, name: str | None = None, kind: str | None = None,
               limit: int | None = None) -> Result:
        """Mentions, quotes, events and stances per actor, most mentioned first."""
        return questions.actors(self.conn, name=name, kind=kind, limit=limit)

    @_guarded
    def stance(self, proposition: str, *, by: str = "month") -> Result:
        """Who is for and against `proposition`, per period."""
        return questions.stance(self.conn, proposition, by=by)

    @_guarded
    def events(self, *, dyad: str | None = None, by: str = "month", since: str | None = None,
               until: str | None = None, include_negated: bool = False) -> Result:
        """Counts, mean Goldstein and quad classes of events per period (dyad `RUS:UKR`)."""
        return questions.events(self.conn, dyad=dyad, by=by, since=since, until=until,
                                include_negated=include_negated)

    @_guarded
    def search(self, text: str, *, limit: int | None = 20, include_copies: bool = False) -> Result:
        """Documents containing all words of `text`, newest first."""
        return questions.search(self.conn, text, limit=limit, include_copies=include_copies)

    @_guarded
    def rejects(self, *, limit: int | None = None) -> Result:
        """Inputs that could not be read or analysed, with the reason."""
        return questions.rejects(self.conn, limit=limit)

    @_guarded
    def stats(self) -> dict[str, int]:
        return questions.stats(self.conn)

    def sql(self, query: str, *, timeout: float | None = None,
            max_rows: int | None = None) -> Result:
        """Run one read-only SELECT; anything else raises `QueryRefused`. `timeout` (seconds)
        and `max_rows` bound what one query may cost; past either it raises `StoreError`."""
        safe_sql.check(self.conn, query)
        if not self.writable:
            return Result(safe_sql.run(self.conn, query, timeout=timeout, max_rows=max_rows))
        self.conn.execute("BEGIN TRANSACTION")  # whatever happens, nothing of it is kept
        try:
            return Result(safe_sql.run(self.conn, query, timeout=timeout, max_rows=max_rows))
        finally:
            self.conn.execute("ROLLBACK")

    def analyses(self, *, include_copies: bool = False) -> Iterator[dict[str, Any]]:
        """Every stored document with its records, as `Analysis.as_dict()` gives them."""
        return _guarded_rows(self.path, reader.analyses(self.conn, include_copies=include_copies))

    # --- layout -------------------------------------------------------------------------

    @_guarded
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    def _prepare(self) -> None:
        """Create a new database, or bring an older one up to this version."""
        if not _has_table(self.conn, "meta"):
            if _has_table(self.conn, None):
                raise StoreError(f"{self.path} is a DuckDB file but not a sitroom corpus")
            self.conn.execute("BEGIN TRANSACTION")  # killed while creating: nothing is left
            schema.create(self.conn)
            self._set_meta(store_version=schema.STORE_VERSION,
                           records_schema=records.SCHEMA_VERSION)
            self.conn.execute("COMMIT")
        self.changes = self.migrate()

    @_guarded
    def migrate(self) -> list[str]:
        """Apply the migration steps from the stored version to this one; returns what changed."""
        version = self._version()
        if version > schema.STORE_VERSION:
            raise StoreError(f"{self.path} was written by a newer sitroom "
                             f"(store version {version}; this one reads {schema.STORE_VERSION})")
        done = []
        for step in range(version, schema.STORE_VERSION):
            if step not in schema.MIGRATIONS:
                raise StoreError(f"no migration from store version {step} to {step + 1}")
            self.conn.execute("BEGIN TRANSACTION")
            schema.MIGRATIONS[step](self.conn)
            self._set_meta(store_version=step + 1)
            self.conn.execute("COMMIT")
            done.append(f"store version {step} -> {step + 1}")
        schema.create(self.conn)
        done += schema.add_missing_columns(self.conn)
        self._check_records_schema(writing=True)
        return done

    def _check_version(self) -> None:
        if not _has_table(self.conn, "meta"):
            raise StoreError(f"{self.path} is not a sitroom corpus")
        version = self._version()
        if version != schema.STORE_VERSION:
            raise StoreError(f"{self.path} has store version {version}, this sitroom reads "
                             f"{schema.STORE_VERSION}: run `sitroom migrate --db {self.path}`")
        self._check_records_schema(writing=False)

    def _check_records_schema(self, *, writing: bool) -> None:
        stored = self.meta().get("records_schema")
        if stored is None and writing:
            self._set_meta(records_schema=records.SCHEMA_VERSION)
        elif stored is not None and int(stored) != records.SCHEMA_VERSION:
            raise StoreError(f"{self.path} holds records of schema version {stored}; this "
                             f"sitroom writes version {records.SCHEMA_VERSION} and has no "
                             f"store migration for the change")

    def _version(self) -> int:
        value = self.meta().get("store_version")
        if value is None:
            raise StoreError(f"{self.path} has no store version")
        return int(value)

    def _set_meta(self, **values: Any) -> None:
        for key, value in values.items():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, str(value)])


def _connect(path: Path, writable: bool):
    if not writable and not path.is_file():
        raise StoreError(f"no corpus database at {path} (create one with `sitroom ingest`)")
    _check_header(path)
    # The database reads no file but its own (sitroom reads inputs in Python), installs or
    # loads no extension behind our back (DuckDB would fetch one from the network to read a
    # SQLite file, say), and reads no Python variable as a table.
    config = {"enable_external_access": False, "autoinstall_known_extensions": False,
              "autoload_known_extensions": False, "python_enable_replacements": False}
    try:
        return duckdb.connect(str(path), read_only=not writable, config=config)
    except duckdb.Error as exc:
        raise _open_error(path, exc, writable) from None


def _check_header(path: Path) -> None:
    """A file that is there must start like a DuckDB database: the magic bytes `DUCK` at
    offset 8 (SQLite, text or an empty file would otherwise give a confusing error)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from None
    if head[8:12] == b"DUCK":
        return
    kind = ("an empty file" if not head else "a SQLite database" if head.startswith(b"SQLite")
            else "a file of another kind")
    raise CorruptDatabase(f"{path} is not a DuckDB database (it is {kind}); give the path of "
                          f"a sitroom corpus, or a new file name to create one")


def _open_error(path: Path, exc: duckdb.Error, writable: bool) -> StoreError:
    message = _first_line(exc)
    if "Could not set lock" in message:
        pid = re.search(r"\(PID (\d+)\)", message)
        who = f"another process (PID {pid.group(1)})" if pid else "another process"
        if writable:
            return DatabaseBusy(f"database is busy: {who} has {path} open (one process may "
                                f"write to it, or several read it, at a time); try again when "
                                f"it has finished")
        return DatabaseBusy(f"database is busy: {who} is writing to {path}; try again when it "
                            f"has finished")
    if "different configuration" in message:
        return DatabaseBusy(f"database is busy: this process already has {path} open "
                            f"{'read-only' if writable else 'for writing'}")
    return _store_error(path, exc)


def _has_table(conn, name: str | None) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables()" + (" WHERE table_name = ?" if name else "")
    return conn.execute(sql, [name] if name else []).fetchall()[0][0] > 0


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]

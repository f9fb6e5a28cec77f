"""Errors sitroom raises. Library code raises these; only `cli.py` turns them into messages.

    SitroomError
     ├── InputError            an article that cannot be analysed (the reason is the message)
     │    ├── EmptyInput       no text after decoding and extraction
     │    ├── BinaryInput      bytes that are not text (NUL bytes, control characters)
     │    ├── UndecodableInput text in no encoding we can identify
     │    ├── InputTooLarge    over the per-document limit (`Options.max_bytes`/`max_chars`)
     │    ├── TimeLimitExceeded  analysis or extraction over `Options.max_seconds`
     │    └── WorkerCrashed    the worker process died on it (killed, out of memory, crashed)
     ├── ModelNotFound         the chosen spaCy pipeline is not installed
     ├── ConfigError           a bad option or user configuration file
     ├── DataError             a missing or malformed gold data set (sitroom eval)
     └── StoreError            a corpus database that cannot be opened, read or written
          ├── DatabaseBusy     another process holds the database's lock (one writer at a time)
          ├── CorruptDatabase  not a DuckDB file, or a damaged one
          └── QueryRefused     `sitroom sql` given anything but one read-only query
"""


class SitroomError(Exception):
    """Base class of every error sitroom raises on purpose."""


class InputError(SitroomError):
    """An article that cannot be analysed."""


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class UndecodableInput(InputError):
    pass


class InputTooLarge(InputError):
    pass


class TimeLimitExceeded(InputError):
    pass


class WorkerCrashed(InputError):
    pass


class ModelNotFound(SitroomError):
    pass


class ConfigError(SitroomError):
    pass


class DataError(SitroomError):
    pass


class StoreError(SitroomError):
    pass


class DatabaseBusy(StoreError):
    pass


class CorruptDatabase(StoreError):
    pass


class QueryRefused(StoreError):
    pass

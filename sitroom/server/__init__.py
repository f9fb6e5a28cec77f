"""`sitroom serve`: a local web page over a corpus, and the JSON API behind it.

    >>> from sitroom.server import Settings, create_app
    >>> app = create_app(Settings(db="corpus.duckdb"))   # read-only; serve with uvicorn
"""

from .app import create_app
from .state import Settings

__all__ = ["Settings", "create_app"]

"""The CAMEO code table (sitroom/data/events/cameo.tsv): name, Goldstein value, quad class,
pentaclass and the PLOVER type and mode of every code, loaded once per process."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    goldstein: float
    quad_class: int
    penta: int
    plover_type: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def base(self) -> str:
        """The three-digit code GDELT calls EventBaseCode ("01" stays "01")."""
        return self.code[:3]


@functools.cache
def table() -> dict[str, Code]:
    """Every CAMEO code (root codes like "19" included) -> its row."""
    path = resources.files("sitroom") / "data" / "events" / "cameo.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["code"]: _code(row) for row in rows}


def lookup(code: str) -> Code:
    try:
        return table()[code]
    except KeyError:
        raise ConfigError(f"unknown CAMEO code {code!r}") from None


def _code(row: dict[str, str]) -> Code:
    return Code(code=row["code"], name=row["name"], goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]), penta=int(row["penta"]),
                plover_type=row["plover_type"] or None, plover_mode=row["plover_mode"] or None)

"""Quality gates: floors pinned per extractor in quality/<task>.json.

A gate file holds the metric floors, the tolerance for measurement noise, the digest of the
gold inputs the floors were measured on, and a log of every change. `check()` compares fresh
numbers against it; `pin()` raises floors and refuses to lower one unless given a reason,
which it writes into the log (as trafilatura's eval gate does).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError

QUALITY_DIR = Path(__file__).resolve().parents[2] / "quality"


@dataclass(frozen=True)
class GateResult:
    task: str
    failures: tuple[str, ...]
    digest_matches: bool

    @property
    def passed(self) -> bool:
        return not self.failures


def digest(paths: Iterable[Path]) -> str:
    """A digest of the gold files' bytes, so a floor is only compared on the data it came from."""
    h = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def gate_path(task: str) -> Path:
    return QUALITY_DIR / f"{task}.json"


def load(task: str) -> dict:
    path = gate_path(task)
    if not path.exists():
        raise DataError(f"no quality gate pinned for {task!r} ({path})")
    return json.loads(path.read_text(encoding="utf-8"))


def check(task: str, measured: dict[str, float], inputs_digest: str) -> GateResult:
    gate = load(task)
    tolerance = gate.get("tolerance", 0.0)
    failures = []
    for metric, floor in gate["floors"].items():
        value = measured.get(metric)
        if value is None:
            failures.append(f"{metric}: not measured")
        elif value < floor - tolerance:
            failures.append(f"{metric}: {value:.4f} is below the floor {floor:.4f} "
                            f"(tolerance {tolerance})")
    return GateResult(task, tuple(failures), gate.get("inputs_digest") == inputs_digest)


def pin(task: str, measured: dict[str, float], inputs_digest: str, *, command: str,
        margin: float = 0.01, tolerance: float = 0.005, lower_reason: str | None = None) -> dict:
    """Pin floors at `measured - margin`; lowering an existing floor needs `lower_reason`."""
    path = gate_path(task)
    gate = json.loads(path.read_text(encoding="utf-8")) if path.exists() else \
        {"task": task, "floors": {}, "log": []}
    new = {m: round(v - margin, 4) for m, v in measured.items()}
    lowered = {m: (gate["floors"][m], v) for m, v in new.items()
               if m in gate["floors"] and v < gate["floors"][m]}
    if lowered and not lower_reason:
        raise DataError(f"refusing to lower floors of {task!r} without a reason: {lowered}")
    gate.update(floors={**gate["floors"], **new}, tolerance=tolerance,
                inputs_digest=inputs_digest, command=command,
                measured={m: round(v, 4) for m, v in measured.items()})
    entry = {"date": dt.date.today().isoformat(), "floors": new}
    if lowered:
        entry["lowered"] = {m: list(pair) for m, pair in lowered.items()}
        entry["reason"] = lower_reason
    gate["log"].append(entry)
    QUALITY_DIR.mkdir(exist_ok=True)
    path.write_text(json.dumps(gate, indent=2) + "\n", encoding="utf-8")
    return gate

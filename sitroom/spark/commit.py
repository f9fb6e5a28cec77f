"""How a run's output becomes part of the datasets, exactly once.

A run writes every table into `_staging/<run>/tables/`, then seals the folder (the `STAGED`
marker, holding the run's report), then moves each staged file into its dataset under a name
starting with the run id, then writes `_runs/<run>.json` and deletes the staging folder.
The next run first looks at what is left in `_staging/`: a sealed run is moved in (the files
it had not moved yet), an unsealed one is deleted. So a run's rows are in the datasets either
all or not at all once a run has started after it, and a file is never moved twice.
"""

from __future__ import annotations

import json

from . import layout
from .fs import HadoopFS


def staged_table(stage_root: str, name: str) -> str:
    return f"{stage_root}/tables/{name}"


def seal(fs: HadoopFS, stage_root: str, report: dict) -> None:
    fs.write_text(f"{stage_root}/{layout.STAGED}", json.dumps(report, indent=2) + "\n")


def commit(fs: HadoopFS, stage_root: str) -> None:
    """Move a sealed run's files into the datasets and record the run."""
    run = stage_root.rstrip("/").rsplit("/", 1)[1]
    for name in layout.TABLES:
        prefix = staged_table(stage_root, name)
        for file in list(fs.files(prefix, ".parquet")):
            folder, _, base = file[len(prefix):].rpartition("/")
            fs.move(file, fs.join(name + folder, f"{run}-{base}"))
    report = fs.read_text(f"{stage_root}/{layout.STAGED}")
    fs.write_text(fs.join(layout.RUNS, f"{run}.json"), report)
    fs.delete(stage_root)


def recover(fs: HadoopFS) -> list[str]:
    """Finish the sealed runs left in staging, delete the others; returns what was done."""
    done = []
    for stage_root in fs.children(fs.join(layout.STAGING)):
        if fs.exists(f"{stage_root}/{layout.STAGED}"):
            commit(fs, stage_root)
            done.append(f"committed {stage_root}")
        else:
            fs.delete(stage_root)
            done.append(f"deleted {stage_root}")
    return done


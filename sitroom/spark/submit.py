"""The file to give spark-submit: `spark-submit [options] submit.py INPUT... OUTPUT [flags]`.

spark-submit runs a Python file, not a console script; this one runs `sitroom spark` with the
arguments after it, on the master and resources spark-submit was given. Its path:
`python -c "import sitroom.spark.submit as s; print(s.__file__)"`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from sitroom.cli import cli

    cli(["spark", *(sys.argv[1:] if argv is None else argv)], prog_name="sitroom")


if __name__ == "__main__":
    main()

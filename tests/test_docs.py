"""The docs keep up with the code: every setting and every command is documented."""

from pathlib import Path

import pytest

from sitroom.cli import cli
from sitroom.options import SETTINGS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_every_setting_is_documented():
    text = (DOCS / "CLI.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"settings missing from docs/CLI.md: {missing}"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_docs_every_command_is_documented(name):
    text = (DOCS / "CLI.md").read_text(encoding="utf-8")
    assert f"### `sitroom {name}" in text, f"docs/CLI.md has no section for `sitroom {name}`"


def test_docs_every_eval_task_is_documented():
    text = (DOCS / "QUALITY.md").read_text(encoding="utf-8")
    for name in cli.commands["eval"].commands:
        assert f"sitroom eval {name}" in text, f"docs/QUALITY.md lacks `sitroom eval {name}`"


README = DOCS.parent / "README.md"


def _python_examples() -> list[tuple[str, str]]:
    """Each ```python block of the README with the ``` output block that follows it."""
    import re

    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```\n\n(?:[^`]*?\n\n)?```\n(.*?)```", text, re.S)


@pytest.mark.model
def test_docs_readme_python_examples_print_what_the_readme_shows(tmp_path):
    import contextlib
    import io
    import os

    examples = _python_examples()
    assert len(examples) == 2, "README lost its Python API examples"
    shared = {}
    cwd = os.getcwd()
    os.chdir(README.parent)
    try:
        for code, shown in examples:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                exec(code, shared)  # the second example uses the first one's import
            assert printed.getvalue().strip() == shown.strip()
    finally:
        os.chdir(cwd)

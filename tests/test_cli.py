import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from sitroom import __version__
from sitroom.cli import cli

ARTICLE = "Putin said Russia would respond. NATO Secretary General Jens Stoltenberg disagreed."


def commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=" ".join)
def test_cli_every_command_has_help_with_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_cli_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.model
def test_cli_analyze_json_when_piped(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--published", "2023-07-13",
                                      "--outlet", "Example News"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document"]["outlet"] == "Example News"
    assert data["document"]["published"] == "2023-07-13"
    assert "person:vladimir-putin" in {a["id"] for a in data["actors"]}


@pytest.mark.model
def test_cli_analyze_stdin_and_report(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", "-", "--format", "report"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert "Vladimir Putin" in result.output and "Actors" in result.output


@pytest.mark.model
def test_cli_analyze_html_extracts_body(tmp_path):
    page = ("<html><head><title>Talks</title></head><body><nav>Home | World</nav>"
            f"<article><h1>Talks</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article>"
            "<footer>Copyright</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    text = json.loads(result.output)["document"]["text"]
    assert "Stoltenberg" in text and "Copyright" not in text and "<p>" not in text


@pytest.mark.parametrize("content, message", [
    (b"", "input is empty"),
    (b"   \n  ", "input is empty"),
    (b"\x00\x01\x02binary\x00" * 20, "binary"),
])
def test_cli_bad_input_is_one_line_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_cli_missing_file_and_bad_model(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "does not exist" in result.output
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--model", "xx_missing"])
    assert result.exit_code == 1 and "not installed" in result.output


def test_cli_oversized_input_is_refused_in_a_real_process(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 5_000_000)
    run = subprocess.run([sys.executable, "-m", "sitroom", "analyze", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "limit" in run.stderr and "Traceback" not in run.stderr

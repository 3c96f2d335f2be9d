"""The command line, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from distress_tolerance.cli import main
from tests.test_loader import GOOD


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a new process of this interpreter (no activated environment needed)."""
    command = [sys.executable, "-m", "distress_tolerance", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_show_contrary_action_in_spanish_ends_with_988() -> None:
    """The README's first command: Spanish, ending with the US crisis route."""
    result = run("show", "contrary-action", "--locale", "es", "--region", "US")
    assert result.returncode == 0, result.stderr
    assert "Acción contraria" in result.stdout
    route = result.stdout[result.stdout.index("Si necesitas ayuda ahora") :]  # the route comes last
    assert result.stdout.index("Acción contraria") < result.stdout.index("Si necesitas ayuda ahora")
    assert any(line.strip().startswith("Llamada: 988") for line in route.splitlines())


def test_show_without_region_says_local_emergency_services(capsys: pytest.CaptureFixture[str]) -> None:
    """No region: no guessed country."""
    assert main(["show", "stop"]) == 0
    out = capsys.readouterr().out
    assert "local emergency number" in out
    assert "988" not in out


@pytest.mark.parametrize("fmt", ["text", "compact", "markdown", "html", "page", "json"])
def test_show_formats(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    """Every show format works."""
    assert main(["show", "tipp", "--format", fmt, "--locale", "de", "--region", "DE"]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)["technique"]
        assert data["id"] == "tipp" and data["lang"] == "de" and data["title"]["status"] == "unreviewed"
        assert json.loads(out)["crisis"]["services"][0]["contacts"][0]["display"] == "0800 111 0 111"
    else:
        assert "0800 111 0 111" in out


def test_list_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """list shows every technique, as a table or as JSON."""
    assert main(["list", "--format", "json", "--locale", "fr"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) >= 18 and {"id", "title", "minutes", "review_status"} <= set(data[0])
    assert all(item["review_status"] == "draft" for item in data)
    assert main(["list"]) == 0
    assert "contrary-action" in capsys.readouterr().out


def test_crisis_json_and_unknown_region(capsys: pytest.CaptureFixture[str]) -> None:
    """crisis lists a region's services; an unknown region says what to do instead."""
    assert main(["crisis", "--region", "GB", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["region"] == "GB" and data["services"][0]["contacts"][0]["display"] == "116 123"
    assert main(["crisis", "--region", "ZZ"]) == 0
    assert "local emergency number" in capsys.readouterr().out
    assert main(["crisis", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["services"] == [] and data["region"] is None
    assert len(data["directory"]) >= 12 and data["directory"]["US"][0]["contacts"][0]["value"] == "988"


def test_errors_are_clear_and_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown ids and malformed locales: one clear line, exit 1."""
    assert main(["show", "no-such"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("distress-tolerance: error: no technique with id 'no-such'; known ids:")
    assert main(["show", "stop", "--locale", "../evil"]) == 1
    assert "not a valid locale identifier" in capsys.readouterr().err


def test_validate_lists_every_problem(
    make_pack: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """validate PACK exits 1 and lists each problem with file:line: field."""
    root = make_pack(
        {
            "data/techniques/sample.yaml": GOOD.replace("seconds: 10", "seconds: 0").replace(
                "version: 1", "version: x"
            )
        }
    )
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert "sample.yaml:2: version:" in out and "sample.yaml:16: steps.0.seconds:" in out
    assert "2 problem(s) found" in out
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


@pytest.mark.parametrize("args", [[], ["show"], ["list", "--help"], ["i18n", "--help"], ["--help"]])
def test_help_everywhere(args: list[str]) -> None:
    """--help works on every command; missing arguments are usage errors (exit 2)."""
    result = subprocess.run(
        [sys.executable, "-m", "distress_tolerance.cli", *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == (0 if "--help" in args else 2)
    assert "usage: distress-tolerance" in (result.stdout + result.stderr)


def test_version_and_the_i18n_check_rules_are_read_only_when_asked_for() -> None:
    """``--version`` reads the package metadata and ``i18n check --help`` lists the checker's rules,
    but only then: a ``show`` never imports the checker for its help text."""
    from importlib.metadata import version

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", *args], capture_output=True, text=True, check=False)

    call = "import sys; from distress_tolerance.cli import main; sys.exit(main({}))"
    shown = run(call.format(["--version"]))
    assert (shown.returncode, shown.stdout) == (0, f"distress-tolerance {version('distress-tolerance')}\n")
    rules = run(call.format(["i18n", "check", "--help"]))
    assert rules.returncode == 0
    assert "forbidden-character  a control character" in rules.stdout and "Warnings:" in rules.stdout
    cold = run(
        "import sys, io, contextlib; from distress_tolerance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['show', 'stop', '--locale', 'es'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('distress_tolerance._tools.i18n')))"
    )
    assert cold.stdout.strip() == "[]", cold.stderr

"""The project's own standards: strict typing, lint, docs that build, CI that runs the README's command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_mypy_strict() -> None:
    """The package type-checks under mypy --strict."""
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    """The code passes the curated ruff rule set."""
    result = _run("ruff", "check", "src", "tests", "benchmarks", "hatch_build.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_docs_build_strict(tmp_path: Path) -> None:
    """The documentation site builds with --strict (no broken links, no bad docstrings)."""
    result = _run("mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls exactly the test command the README gives."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- test-command -->\s*```(?:bash|sh)?\n(.+?)\n```", readme, re.DOTALL)
    assert match, "README.md must mark its test command with <!-- test-command -->"
    command = match.group(1).strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_minimum_constraints_match_the_declared_lower_bounds() -> None:
    """.ci/constraints-min.txt pins exactly the lower bound of every runtime dependency."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.version import Version

    declared = {}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for line in project["dependencies"]:
        requirement = Requirement(line)
        (lower,) = [s.version for s in requirement.specifier if s.operator == ">="]
        declared[requirement.name.lower()] = Version(lower)
    pinned = {}
    for line in (ROOT / ".ci" / "constraints-min.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = Version(version.strip())
    assert pinned == declared


def test_public_names_resolve_for_type_checkers(tmp_path: Path) -> None:
    """Every name of ``__all__`` type-checks through the facade, and a typo such as ``dt.lod`` fails
    mypy --strict (the lazy module ``__getattr__`` is hidden from type checkers)."""
    import distress_tolerance as dt
    from distress_tolerance import types

    good = tmp_path / "good.py"
    good.write_text(
        "import distress_tolerance as dt\nimport distress_tolerance.types as types\n"
        + "".join(f"print(dt.{name})\n" for name in dt.__all__)
        + "".join(f"print(types.{name})\n" for name in types.__all__),
        encoding="utf-8",
    )
    result = _run("mypy", "--strict", "--no-incremental", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    typo = tmp_path / "typo.py"
    typo.write_text(
        "import distress_tolerance as dt\nimport distress_tolerance.types as types\n\n"
        "dt.lod()\ntypes.Sugestion\n",
        encoding="utf-8",
    )
    result = _run("mypy", "--strict", "--no-incremental", str(typo))
    assert result.returncode == 1
    assert 'Module has no attribute "lod"' in result.stdout
    assert 'Module has no attribute "Sugestion"' in result.stdout

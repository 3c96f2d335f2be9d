"""The source distribution holds everything its own test suite reads (examples/, fixtures, .ci/, ...)."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# A path the tests build from the repository root: ROOT, or a test file's parent.parent, / "name" ...
_REFERENCE = re.compile(r"(?:\bROOT|\.parent\.parent)\s*/\s*\"([^\"]+)\"((?:\s*/\s*\"[^\"]+\")*)")
# Read by the suite, or needed to run it as the README says; each must ship.
REQUIRED = [
    "examples",
    "tests/fixtures",
    "tests/conftest.py",
    "tests/strategies.py",
    ".ci/constraints-min.txt",
    ".ci/run",
    ".ci/install-browser-tools",
    ".tools/package.json",
    ".tools/package-lock.json",
    "src/distress_tolerance/testing/payloads.json",
    "pyproject.toml",
    "README.md",
]
# Never shipped, never needed: caches and what the tools install or build.
_LOCAL = re.compile(
    r"(^|/)(__pycache__|\.hypothesis|node_modules|\.mypy_cache|\.ruff_cache)(/|$)|\.py[co]$|\.mo$"
)


def referenced_paths(tests: Path) -> set[str]:
    """Every path under the repository root that a test module names, as ``a/b`` relative to it."""
    found = set()
    for module in tests.glob("*.py"):
        for match in _REFERENCE.finditer(module.read_text(encoding="utf-8")):
            parts = [match.group(1), *re.findall(r"\"([^\"]+)\"", match.group(2))]
            found.add("/".join(parts))
    return found


def _files_under(relative: str) -> list[str]:
    path = ROOT / relative
    if path.is_file():
        return [relative]
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in path.rglob("*")
        if p.is_file() and not _LOCAL.search(p.relative_to(ROOT).as_posix())
    )


@pytest.fixture(scope="module")
def sdist_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The files of an sdist built from this checkout, relative to its top folder."""
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (archive,) = out.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        return {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}


def test_the_reference_scan_finds_what_the_suite_reads() -> None:
    """The scan sees the paths we know the tests read (so an empty scan cannot pass vacuously)."""
    found = referenced_paths(ROOT / "tests")
    assert {"examples", "locales", "data", ".ci/constraints-min.txt"} <= found


def test_the_sdist_holds_every_path_its_tests_read(sdist_names: set[str]) -> None:
    """Every file of every path the tests name, and of the required paths, is in the sdist."""
    wanted = {*REQUIRED, *(p for p in referenced_paths(ROOT / "tests") if (ROOT / p).exists())}
    missing = sorted(
        name for relative in wanted for name in _files_under(relative) if name not in sdist_names
    )
    assert missing == [], f"add to [tool.hatch.build.targets.sdist] include: {missing}"


def test_the_sdist_holds_the_whole_test_suite(sdist_names: set[str]) -> None:
    """Every test module and fixture file ships, and nothing local does (caches, compiled catalogs)."""
    missing = [name for name in _files_under("tests") if name not in sdist_names]
    assert missing == []
    assert [name for name in sdist_names if _LOCAL.search(name)] == []

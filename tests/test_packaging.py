"""Packaging: the wheel carries compiled catalogs and the bundle, works unpacked, and builds reproducibly."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest

import distress_tolerance as dt
from tests.conftest import shipped_locales

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (without build isolation: the test extra has the backend)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("*.whl")
    return path


def test_version_comes_from_metadata() -> None:
    """__version__ is the installed distribution's version."""
    assert dt.__version__ == version("distress-tolerance")


def test_entry_points_are_registered() -> None:
    """The console script and the Babel extractor are installed entry points."""
    assert [e.value for e in entry_points(group="console_scripts") if e.name == "distress-tolerance"] == [
        "distress_tolerance.cli:main"
    ]
    assert [
        e.value for e in entry_points(group="babel.extractors") if e.name == "distress_tolerance_yaml"
    ] == ["distress_tolerance.extract:extract_yaml"]


def test_wheel_contents(wheel: Path) -> None:
    """Every locale's .mo, the bundle, the sources, py.typed and both licences are in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for locale in shipped_locales():
        assert f"distress_tolerance/_pack/locales/{locale}/LC_MESSAGES/distress_tolerance.mo" in names
        assert f"distress_tolerance/_pack/locales/{locale}/LC_MESSAGES/distress_tolerance.po" in names
    assert "distress_tolerance/_pack/bundle.json" in names
    digest = zipfile.ZipFile(wheel).read("distress_tolerance/_pack/bundle.json.sha256").decode().strip()
    assert (
        digest
        == hashlib.sha256(zipfile.ZipFile(wheel).read("distress_tolerance/_pack/bundle.json")).hexdigest()
    )
    assert "distress_tolerance/_pack/data/techniques/contrary-action.yaml" in names
    assert "distress_tolerance/py.typed" in names
    assert "distress_tolerance/templates/html/technique.html" in names
    templates = ROOT / "src" / "distress_tolerance" / "templates"
    compiled = {n for n in names if n.startswith("distress_tolerance/_pack/templates/tmpl_")}
    assert len(compiled) == sum(1 for p in templates.rglob("*") if p.is_file())  # one per template
    assert "distress_tolerance/_pack/templates/jinja.json" in names
    assert not [n for n in names if n.endswith((".pyc", ".hypothesis"))]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: Apache-2.0 AND CC-BY-SA-4.0" in metadata
    assert "Requires-Dist: jinja2>=3.1.6" in metadata
    assert sum(n.endswith(("LICENSE", "LICENSE-CONTENT")) for n in names) == 2


def test_unpacked_wheel_renders_from_compiled_forms(wheel: Path, tmp_path: Path) -> None:
    """From the wheel alone (bundle, .mo and compiled templates: no YAML or template parsing),
    Spanish renders with the US route; the bundle, validated by the build, is not validated again
    (where validators are built on first use, the pack's is never built)."""
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import distress_tolerance as dt, distress_tolerance._content.pack as p, sys;"
        "pack = p.builtin_pack(); assert pack.bundle is not None, pack;"
        "assert str(pack.root).startswith(sys.argv[1]), pack.root;"
        "name = dt.Renderer().environment.get_template('text/technique.txt').filename;"
        "assert name.startswith(str(pack.root / 'templates' / 'tmpl_')), name;"
        "print(dt.Renderer().render('contrary-action', locale='es', region='US'));"
        "from distress_tolerance.models import PackContent;"
        "from distress_tolerance._content.model_base import DEFER_BUILD;"
        "assert PackContent.__pydantic_complete__ is not DEFER_BUILD, 'the bundle was validated again'"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Acción contraria" in result.stdout and "988" in result.stdout


def test_two_builds_are_byte_identical(wheel: Path, tmp_path: Path) -> None:
    """Reproducible builds: the same source gives the same wheel."""
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (again,) = tmp_path.glob("*.whl")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(wheel.read_bytes()).hexdigest()

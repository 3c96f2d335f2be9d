"""Export never loses data: --force replaces only a provable earlier bundle; no staging debris."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import distress_tolerance as dt
from distress_tolerance._tools import export as _export
from distress_tolerance._tools import export_folder as _export_folder
from distress_tolerance._tools.export import ExportError, export
from distress_tolerance._tools.export_folder import MANIFEST_FORMAT, MANIFEST_NAME, MARKER_NAME
from distress_tolerance.render import Renderer
from tests.test_export import _cli, _leftovers, _snapshot


def _host_project(folder: Path) -> dict[str, bytes]:
    """A host's project folder that happens to hold an ``index.json``."""
    (folder / "src").mkdir(parents=True)
    (folder / "index.json").write_text('{"name": "my-app"}', encoding="utf-8")
    (folder / "package.json").write_text("{}", encoding="utf-8")
    (folder / "src" / "app.js").write_text("main()", encoding="utf-8")
    return _snapshot(folder)


def test_force_refuses_a_host_folder_with_an_index_json(tmp_path: Path, library: dt.Library) -> None:
    """The old rule (any folder with an index.json) would have wiped this project."""
    project = tmp_path / "project"
    before = _host_project(project)
    with pytest.raises(
        ExportError, match=r"not an earlier export: it has no valid export-manifest\.json"
    ) as caught:
        export(library, project, locale="en", format="json", force=True)
    assert caught.value.path == project and str(project) in str(caught.value)
    assert _snapshot(project) == before
    assert _leftovers(tmp_path) == []


def test_the_manifest_lists_every_file_with_its_hash(tmp_path: Path, library: dt.Library) -> None:
    """export-manifest.json: the format tag and each other file's SHA-256, nothing else."""
    import hashlib

    out = tmp_path / "out"
    written = export(library, out, locale="es", format="page", region="MX")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["format"] == MANIFEST_FORMAT == "distress_tolerance-export-manifest/1"
    assert (manifest["bundle_format"], manifest["locale"]) == ("page", "es")
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST_NAME}
    assert manifest["files"] == {
        name: "sha256:" + hashlib.sha256(data).hexdigest() for name, data in files.items()
    }
    assert written == sorted(out.iterdir())
    assert not (out / MARKER_NAME).exists()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda out: (out / "notes.txt").write_text("mine", encoding="utf-8"),
            "'notes.txt' is not a file of the export",
        ),
        (
            lambda out: (out / ".env").write_text("SECRET=1", encoding="utf-8"),
            "'.env' is not a file of the export",
        ),
        (lambda out: (out / "drafts").mkdir(), "'drafts' is not a file of the export"),
        (
            lambda out: (out / "stop.json").write_text("{}", encoding="utf-8"),
            "'stop.json' was changed after the export",
        ),
        (lambda out: (out / "tipp.json").unlink(), "'tipp.json' of the export is missing"),
        (
            lambda out: (out / MANIFEST_NAME).write_text('{"files": {}}', encoding="utf-8"),
            "no valid export-manifest",
        ),
        (
            lambda out: (out / MANIFEST_NAME).write_text("[" * 100_000, encoding="utf-8"),
            "no valid export-manifest",
        ),
        (lambda out: (out / MANIFEST_NAME).unlink(), "no valid export-manifest"),
    ],
    ids=[
        "foreign-file",
        "hidden-file",
        "subfolder",
        "changed",
        "missing",
        "forged",
        "deep-json",
        "no-manifest",
    ],
)
def test_force_refuses_anything_but_exactly_the_manifest(
    tmp_path: Path, library: dt.Library, change: object, problem: str
) -> None:
    """One foreign, changed or missing file (or a forged manifest) and the folder is left alone."""
    out = tmp_path / "out"
    export(library, out, locale="de", format="json")
    change(out)  # type: ignore[operator]
    before = _snapshot(out)
    names = sorted(p.name for p in out.iterdir())
    with pytest.raises(ExportError, match=problem) as caught:
        export(library, out, locale="fr", format="json", force=True)
    assert str(out) in str(caught.value) and "remove it yourself" in str(caught.value)
    assert _snapshot(out) == before and sorted(p.name for p in out.iterdir()) == names
    assert _leftovers(tmp_path) == []


def test_force_refuses_a_link_in_place_of_a_file(tmp_path: Path, library: dt.Library) -> None:
    """A symlink named like a bundle file is not the file the manifest hashed."""
    out = tmp_path / "out"
    export(library, out, locale="en", format="json")
    elsewhere = tmp_path / "precious.json"
    elsewhere.write_bytes((out / "stop.json").read_bytes())
    (out / "stop.json").unlink()
    (out / "stop.json").symlink_to(elsewhere)
    with pytest.raises(ExportError, match=r"'stop\.json' is not a file of the export"):
        export(library, out, locale="en", format="json", force=True)
    assert elsewhere.is_file() and (out / "stop.json").is_symlink()


def test_a_file_added_during_the_render_is_still_refused(
    tmp_path: Path, library: dt.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder is checked again right before the swap, not only before rendering."""
    out = tmp_path / "out"
    export(library, out, locale="en", format="json")
    original = Renderer.render
    calls: list[str] = []

    def meanwhile(self: Renderer, technique_id: str, **options: object) -> str:
        calls.append(technique_id)
        if len(calls) == 3:
            (out / "notes.txt").write_text("written while exporting", encoding="utf-8")
        return original(self, technique_id, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "render", meanwhile)
    with pytest.raises(ExportError, match=r"'notes\.txt' is not a file of the export"):
        export(library, out, locale="es", format="json", force=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "written while exporting"
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["locale"] == "en"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["write_manifest", "_index_page", "replace"])
def test_no_staging_folder_is_left_on_an_error(
    tmp_path: Path, library: dt.Library, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A failure writing the manifest, rendering the index or swapping: old bundle intact, no debris."""
    out = tmp_path / "out"
    export(library, out, locale="de", format="page")
    before = _snapshot(out)

    def fail(*args: object, **kwargs: object) -> None:
        msg = "disk full"
        raise OSError(28, msg)

    if where == "replace":
        original = os.replace

        def flaky(source: object, destination: object) -> None:
            if str(source).endswith(".partial"):
                fail()
            original(source, destination)  # type: ignore[arg-type]

        monkeypatch.setattr(_export_folder.os, "replace", flaky)
    else:
        monkeypatch.setattr(_export, where, fail)
    with pytest.raises(ExportError, match="disk full"):
        export(library, out, locale="fr", format="page", force=True)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _leftover(
    parent: Path, name: str, *, pid: int, started: float | None = None, marker: bool = True
) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "stop.json").write_text("{}", encoding="utf-8")
    if marker:
        owner = {
            "pid": pid,
            "host": socket.gethostname(),
            "started": time.time() - 5 if started is None else started,
        }
        (folder / MARKER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    return folder


def test_stale_partial_folders_of_ours_are_cleaned_up(tmp_path: Path, library: dt.Library) -> None:
    """A killed export's staging folders go; a live export's, an unmarked or foreign one stay."""
    out = tmp_path / "out"
    dead = _leftover(tmp_path, ".out.0123456789ab.partial", pid=_dead_pid())
    ancient = _leftover(
        tmp_path, ".out.00000000000a.partial", pid=os.getpid(), started=time.time() - 3 * 86400
    )
    live = _leftover(tmp_path, ".out.abcdefabcdef.partial", pid=os.getpid())
    unmarked = _leftover(tmp_path, ".out.111111111111.partial", pid=0, marker=False)
    other_name = _leftover(tmp_path, ".notes.0123456789ab.partial", pid=_dead_pid())
    export(library, out, locale="en", format="json")
    assert not dead.exists() and not ancient.exists()
    assert live.is_dir() and unmarked.is_dir() and other_name.is_dir()
    assert (unmarked / "stop.json").is_file()


def test_a_backup_left_before_the_swap_is_put_back(tmp_path: Path, library: dt.Library) -> None:
    """Killed after moving the old bundle aside but before the new one arrived: the next export
    restores the old bundle (and then needs --force to replace it, as usual)."""
    out = tmp_path / "out"
    export(library, out, locale="de", format="json")
    before = _snapshot(out)
    backup = tmp_path / ".out.0123456789ab.old"
    os.replace(out, backup)
    owner = {"pid": _dead_pid(), "host": socket.gethostname(), "started": time.time() - 5}
    (backup / MARKER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    with pytest.raises(ExportError, match="not empty"):
        export(library, out, locale="fr", format="json")
    assert _snapshot(out) == before and _leftovers(tmp_path) == []
    export(library, out, locale="fr", format="json", force=True)
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["locale"] == "fr"


_KILLED = """
import sys
import distress_tolerance as dt
from distress_tolerance._tools.export import export
export(dt.load(), sys.argv[1], locale=sys.argv[2], format="page", force=True)
print("done", flush=True)
"""


@pytest.mark.slow
def test_random_kills_never_leave_a_partial_bundle_or_debris(tmp_path: Path, library: dt.Library) -> None:
    """Kill an export at random moments: the folder is always a whole old or whole new bundle, and
    the next export leaves no hidden folder behind."""
    import random

    out = tmp_path / "out"
    export(library, out, locale="en", format="page")
    chooser = random.Random(8)  # noqa: S311 (not for security)
    for attempt in range(8):
        locale = ("de", "fr")[attempt % 2]
        process = subprocess.Popen(
            [sys.executable, "-c", _KILLED, str(out), locale], stdout=subprocess.DEVNULL
        )
        time.sleep(chooser.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if out.exists():
            assert _export_folder.foreign(out) is None  # a whole bundle, exactly as its manifest says
    export(library, out, locale="es", format="page", force=True)
    assert _export_folder.foreign(out) is None
    assert _leftovers(tmp_path) == []


def test_require_reviewed_reaches_every_file(tmp_path: Path, library: dt.Library) -> None:
    """export(require_reviewed=True) writes what render(require_reviewed=True) gives; the CLI too."""
    out = tmp_path / "strict"
    export(library, out, locale="de", format="page", region="DE", require_reviewed=True)
    renderer = Renderer(library)
    for technique in library.techniques():
        text = (out / f"{technique.id}.html").read_text(encoding="utf-8")
        strict = renderer.render(
            technique.id, format="page", locale="de", region="DE", heading_level=1, require_reviewed=True
        )
        assert text == strict
    loose = renderer.render("stop", format="page", locale="de", region="DE", heading_level=1)
    assert (out / "stop.html").read_text(encoding="utf-8") != loose  # unreviewed German safety text
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "If you need help now" in index  # the index page's crisis route is in English too
    status, _ = _cli(
        "export", "--locale", "de", "--format", "page", "--out", str(tmp_path / "cli"), "--region", "DE",
        "--require-reviewed",
    )  # fmt: skip
    assert status == 0
    assert _snapshot(tmp_path / "cli") == _snapshot(out)
    with pytest.raises(dt.RenderError, match="require_reviewed"):
        export(library, tmp_path / "bad", locale="de", format="json", require_reviewed="yes")  # type: ignore[arg-type]

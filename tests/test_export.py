"""The static export: bundle contents and schema, index links, refusing a folder, atomic replacement."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jsonschema
import pytest

import distress_tolerance as dt
from distress_tolerance._cli.export import add_export_command
from distress_tolerance._tools.export import ExportError, export
from distress_tolerance._tools.schema import render_schema, schemas
from distress_tolerance.render import Renderer
from tests.test_loader import GOOD


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    """Hidden staging or backup folders left beside a bundle."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.root: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.root = dict(attrs)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_json_bundle_validates_against_its_schemas(tmp_path: Path, library: dt.Library) -> None:
    """Every <id>.json is the json rendering and validates against the schema shipped beside it."""
    out = tmp_path / "es"
    written = export(library, out, locale="es", format="json", region="US")
    ids = [t.id for t in library.techniques()]
    names = {f"{i}.json" for i in ids} | {"index.json", "export-index.schema.json"}
    names |= {"technique-document.schema.json", "export-manifest.json"}
    assert written == sorted(out / name for name in names)
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    schema_text = (out / "technique-document.schema.json").read_text(encoding="utf-8")
    assert schema_text == render_schema(schemas()["technique-document.schema.json"])
    validator = jsonschema.Draft202012Validator(json.loads(schema_text))
    renderer = Renderer(library)
    for technique_id in ids:
        text = (out / f"{technique_id}.json").read_text(encoding="utf-8")
        assert text == renderer.render(technique_id, format="json", locale="es", region="US")
        document = json.loads(text)
        validator.validate(document)
        assert document["technique"]["lang"] == "es"
        assert document["crisis"]["region"] == "US"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    jsonschema.validate(index, json.loads((out / "export-index.schema.json").read_text(encoding="utf-8")))
    assert [entry["id"] for entry in index["techniques"]] == ids
    assert (index["format"], index["locale"], index["region"], index["dir"]) == ("json", "es", "US", "ltr")
    assert index["schema_file"] == "technique-document.schema.json"
    first = index["techniques"][0]
    stop = library.localize(first["id"], "es")
    assert first["title"] == {"text": stop.title.text, "lang": "es", "status": stop.title.status.value}
    assert first["summary"]["text"] == stop.summary.text
    assert first["minutes"] == stop.when.minutes
    assert first["category"] == stop.category.value
    assert first["review_status"] == "draft"
    assert all((out / entry["file"]).is_file() for entry in index["techniques"])


def test_page_bundle_index_links_resolve(tmp_path: Path, library: dt.Library) -> None:
    """index.html links to every page with a relative link that resolves inside the bundle."""
    out = tmp_path / "site" / "ar"  # parent folders are created
    export(library, out, locale="ar", format="page", region="GB")
    index = _links(out / "index.html")
    assert index.root == {"lang": "ar", "dir": "rtl"}
    relative = [href for href in index.hrefs if not urlsplit(href).scheme]  # crisis contacts: tel:, https:
    assert sorted(relative) == sorted(f"{t.id}.html" for t in library.techniques())
    for href in relative:
        target = (out / href).resolve()
        assert target.parent == out.resolve() and target.is_file(), href
        assert _links(target).root == {"lang": "ar", "dir": "rtl"}
        page = target.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "116 123" in page  # Samaritans (GB)
    entries = json.loads((out / "index.json").read_text(encoding="utf-8"))["techniques"]
    assert [e["file"] for e in entries] == [f"{t.id}.html" for t in library.techniques()]
    assert not (out / "technique-document.schema.json").exists()
    text = (out / "index.html").read_text(encoding="utf-8")
    assert library.localize("stop", "ar").title.text in text
    assert "116 123" in text  # the index carries the crisis route too


def test_without_region_the_bundle_says_local_emergency_services(tmp_path: Path, library: dt.Library) -> None:
    """No region and none in the locale: every file routes to local emergency services."""
    export(library, tmp_path / "en", locale="en", format="page")
    for page in (tmp_path / "en").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Call your local emergency number" in text and "988" not in text, page.name


def test_refuses_a_non_empty_folder_without_force(tmp_path: Path, library: dt.Library) -> None:
    """A folder with anything in it is left alone unless force is given."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty") as caught:
        export(library, out, locale="fr", format="json")
    assert caught.value.path == out
    assert isinstance(caught.value, OSError)
    assert _snapshot(out) == {"keep.txt": b"mine"}
    assert _leftovers(tmp_path) == []


def test_force_replaces_only_an_earlier_bundle(tmp_path: Path, library: dt.Library) -> None:
    """force replaces an earlier bundle whole (no file of the old format stays) but never a folder
    without an export manifest (see tests/test_export_safety.py for the rest)."""
    out = tmp_path / "out"
    export(library, out, locale="de", format="page")
    export(library, out, locale="fr", format="json", force=True)
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["locale"] == "fr"
    assert not (out / "stop.html").exists() and not (out / "index.html").exists()
    assert _leftovers(tmp_path) == []
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match=r"no valid export-manifest\.json"):
        export(library, other, locale="fr", format="json", force=True)
    assert _snapshot(other) == {"notes.txt": b"mine"}


def test_an_empty_folder_is_used_and_a_file_is_refused(tmp_path: Path, library: dt.Library) -> None:
    """An existing empty folder is filled; a file in the way is refused even with force."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export(library, empty, locale="pt_BR", format="json")
    assert json.loads((empty / "index.json").read_text(encoding="utf-8"))["region"] == "BR"
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        export(library, blocker, locale="en", format="json", force=True)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_broken_host_template_leaves_the_folder_unchanged(tmp_path: Path, library: dt.Library) -> None:
    """A render failure (a broken host template) after other files rendered changes nothing."""
    out = tmp_path / "out"
    export(library, out, locale="es", format="page")
    before = _snapshot(out)
    broken = jinja2.DictLoader({"page/technique.html": "{{ no_such_variable }}"})
    with pytest.raises(dt.RenderError, match="no_such_variable"):
        export(library, out, locale="fr", format="page", force=True, loader=broken)
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []
    fresh = tmp_path / "fresh"
    with pytest.raises(dt.RenderError):
        export(library, fresh, locale="fr", format="page", loader=broken)
    assert not fresh.exists()
    assert _leftovers(tmp_path) == []


def test_failure_midway_leaves_the_folder_unchanged(
    tmp_path: Path, library: dt.Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fifth technique failing after four were written: the old bundle is intact, no debris."""
    out = tmp_path / "out"
    export(library, out, locale="de", format="json")
    before = _snapshot(out)
    original = Renderer.render
    calls: list[str] = []

    def flaky(self: Renderer, technique_id: str, **options: object) -> str:
        calls.append(technique_id)
        if len(calls) == 5:
            msg = "simulated failure"
            raise dt.RenderError(msg)
        return original(self, technique_id, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Renderer, "render", flaky)
    with pytest.raises(dt.RenderError, match="simulated"):
        export(library, out, locale="es", format="json", force=True)
    assert len(calls) == 5
    assert _snapshot(out) == before
    assert _leftovers(tmp_path) == []


def test_bad_options_are_refused_before_anything_is_written(tmp_path: Path, library: dt.Library) -> None:
    """An unknown format or a malformed locale raises our errors and creates nothing."""
    with pytest.raises(dt.RenderError, match="cannot export format"):
        export(library, tmp_path / "a", locale="en", format="markdown")
    with pytest.raises(dt.UnknownLocaleError):
        export(library, tmp_path / "b", locale="../evil", format="json")
    assert list(tmp_path.iterdir()) == []


def test_two_exports_are_byte_identical(tmp_path: Path, library: dt.Library) -> None:
    """The same export twice gives the same bytes (a CDN sees no spurious change)."""
    export(library, tmp_path / "one", locale="ar", format="page", region="US")
    export(library, tmp_path / "two", locale="ar", format="page", region="US")
    assert _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")


def _cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="distress-tolerance")
    add_export_command(parser.add_subparsers(required=True))
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    status: int = args.run(args, out)
    return status, out.getvalue()


def test_cli_export(tmp_path: Path, make_pack: Callable[..., Path]) -> None:
    """`export` writes a bundle, refuses to overwrite without --force, and exports host packs too."""
    out = tmp_path / "bundle"
    status, text = _cli("export", "--locale", "es", "--format", "json", "--out", str(out), "--region", "MX")
    assert status == 0 and text == f"Wrote {len(list(out.iterdir()))} files to {out}\n"
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["region"] == "MX"
    with pytest.raises(ExportError):
        _cli("export", "--locale", "es", "--format", "json", "--out", str(out))
    pack = make_pack({"data/techniques/sample.yaml": GOOD})
    status, _ = _cli(
        "export", "--locale", "en", "--format", "page", "--out", str(out), "--force", "--pack", str(pack)
    )
    assert status == 0
    assert (out / "sample.html").is_file() and (out / "stop.html").is_file()
    with pytest.raises(SystemExit):
        _cli("export", "--locale", "es", "--format", "markdown", "--out", str(out))

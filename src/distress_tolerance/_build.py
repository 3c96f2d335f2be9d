"""Build a content pack: extract the ``.pot``, ``.po`` -> ``.mo`` (never fuzzy), YAML -> one JSON bundle.

Used by the wheel build hook (``hatch_build.py``), by ``distress-tolerance i18n compile`` and by
the benchmarks. The outputs are deterministic: two builds give identical bytes.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distress_tolerance._catalog import DOMAIN, reviewed_path
from distress_tolerance._i18n_pseudo import PSEUDO_LOCALE
from distress_tolerance.exceptions import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

_PROJECT = "distress_tolerance"
WIDTH = 76  # Babel's default line width, so hand-saved and tool-saved catalogs agree
_BUGS = "https://example.invalid/distress-tolerance/issues"
_TEMPLATES = "src/distress_tolerance/templates"


def bundle_bytes(root: Path) -> bytes:
    """The JSON bundle of the pack at ``root`` (validated; raises ContentError)."""
    from distress_tolerance._loader import load_yaml_pack

    return load_yaml_pack(root, label="").model_dump_json().encode("utf-8")


def compile_catalog(po_path: Path, mo_path: Path, locale: str) -> None:
    """Compile one ``.po`` to ``.mo`` without fuzzy entries, plus the list of reviewed messages."""
    from babel.messages.mofile import write_mo

    from distress_tolerance._i18n_po import read_catalog, read_scan

    scan = read_scan(po_path, locale)  # bounded, and a damaged file is never half-compiled
    if scan.problems:
        line, reason = scan.problems[0]
        raise CatalogError(locale, str(po_path), f"line {line}: {reason}")
    catalog = read_catalog(po_path, locale)
    try:
        catalog.locale = locale
    except Exception as exc:  # babel.core.UnknownLocaleError derives from Exception only
        raise CatalogError(locale, str(po_path), f"Babel does not know this locale ({exc})") from exc
    catalog.fuzzy = False  # a fuzzy header must not hide the whole catalog; fuzzy entries still go
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    _write_atomic(mo_path, out.getvalue())
    reviewed = sorted(
        m.id if not m.context else f"{m.context}\x04{m.id}"
        for m in catalog
        if m.id and isinstance(m.id, str) and "reviewed" in m.flags and not m.fuzzy and m.string
    )
    _write_atomic(
        reviewed_path(mo_path), (json.dumps(reviewed, ensure_ascii=False, indent=0) + "\n").encode()
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a kill never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def compile_pack(root: Path, out: Path) -> list[Path]:
    """Write the bundle and every compiled catalog of the pack at ``root`` under ``out``.

    Returns the written files, relative to ``out``.
    """
    from distress_tolerance._pack import BUNDLE_NAME

    written = [Path(BUNDLE_NAME)]
    out.mkdir(parents=True, exist_ok=True)
    (out / BUNDLE_NAME).write_bytes(bundle_bytes(root))
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        if locale == PSEUDO_LOCALE:
            continue  # a layout-testing aid, built on demand, never shipped
        relative = po.relative_to(root).with_suffix(".mo")
        compile_catalog(po, out / relative, locale)
        written.extend([relative, reviewed_path(relative)])
    return written


def pot_path(root: Path) -> Path:
    """Where a pack keeps its template catalog."""
    return root / "locales" / f"{DOMAIN}.pot"


def extract_catalog(root: Path | None, *, templates: bool) -> Catalog:
    """Extract every message of a pack (and, for the built-in pack, of our templates).

    With ``root`` None only the templates' messages are extracted.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract

    from distress_tolerance._loader import read_pack_yaml
    from distress_tolerance.extract import extract_yaml

    catalog = Catalog(
        project=_PROJECT,
        version=_package_version(),
        msgid_bugs_address=_BUGS,
        copyright_holder="distress_tolerance contributors",
        charset="utf-8",
        fuzzy=False,
    )
    data = [] if root is None else sorted((root / "data").rglob("*.yaml"))
    sources: list[tuple[Path, Any, str]] = [(p, extract_yaml, _shown(p, root)) for p in data if root]
    if templates:
        # Templates are shown as in a source checkout, wherever the package is installed.
        folder = Path(__file__).parent / "templates"
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        sources += [(p, "jinja2", f"{_TEMPLATES}/{p.relative_to(folder).as_posix()}") for p in files]
    for path, method, shown in sources:
        # Pack files through the bounded reader: a FIFO or a link out of the pack is refused by
        # name (ContentError), never opened; our own templates are read as they are.
        raw = read_pack_yaml(path, root, shown) if method is extract_yaml and root else path.read_bytes()
        fileobj = io.BytesIO(raw)
        fileobj.name = shown
        for lineno, message, comments, context in extract(
            method, fileobj, comment_tags=("NOTE",), strip_comment_tags=True
        ):
            catalog.add(message, None, [(shown, lineno)], auto_comments=comments, context=context)
    return catalog


def interface_keys() -> frozenset[tuple[str | None, str]]:
    """The (msgctxt, msgid) of every interface string of our templates.

    A host pack's catalog may reword them (docs/usage.md, "Host packs"): ``update --pack`` keeps
    such entries and ``check --pack`` does not call them stale.
    """
    from distress_tolerance._i18n_po import key_of

    global _INTERFACE  # noqa: PLW0603 (computed once: the templates ship with the package)
    if _INTERFACE is None:
        catalog = extract_catalog(None, templates=True)
        _INTERFACE = frozenset(key_of(m) for m in catalog if m.id)
    return _INTERFACE


_INTERFACE: frozenset[tuple[str | None, str]] | None = None


def _package_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("distress-tolerance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def pot_bytes(catalog: Catalog) -> bytes:
    """A ``.pot`` as written, in a deterministic form."""
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=False, include_previous=False)
    return out.getvalue()


def same_pot(a: bytes, b: bytes) -> bool:
    """True when two ``.pot`` files differ at most in their creation date and Babel's version."""
    ignored = (b'"POT-Creation-Date:', b'"Generated-By:')

    def strip(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(ignored)]

    return strip(a) == strip(b)


def write_pot(catalog: Catalog, path: Path) -> None:
    """Write a ``.pot`` deterministically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pot_bytes(catalog))

"""Build a content pack: ``.po`` -> ``.mo`` (never fuzzy), YAML -> one JSON bundle (and its SHA-256,
which tells the runtime the bundle is the one this build validated); and, for the
wheel, the built-in templates -> Python modules.

Used by the wheel build hook (``hatch_build.py``), by ``distress-tolerance i18n compile`` and by
the benchmarks. The outputs are deterministic: two builds give identical bytes. It imports only what
it compiles (content, catalogs, and the templates' environment); extracting the ``.pot`` is
:mod:`distress_tolerance._tools.pot`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

from distress_tolerance._i18n.catalog_files import DOMAIN, PSEUDO_LOCALE, reviewed_path
from distress_tolerance.exceptions import CatalogError


def bundle_bytes(root: Path) -> bytes:
    """The JSON bundle of the pack at ``root`` (validated; raises ContentError)."""
    from distress_tolerance._content.loader import load_yaml_pack

    return load_yaml_pack(root, label="").model_dump_json().encode("utf-8")


def compile_catalog(po_path: Path, mo_path: Path, locale: str) -> None:
    """Compile one ``.po`` to ``.mo`` without fuzzy entries, plus the list of reviewed messages."""
    from babel.messages.mofile import write_mo

    from distress_tolerance._i18n.po import read_catalog, read_scan

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
    from distress_tolerance._content.pack import BUNDLE_DIGEST_NAME, BUNDLE_NAME

    written = [Path(BUNDLE_NAME), Path(BUNDLE_DIGEST_NAME)]
    out.mkdir(parents=True, exist_ok=True)
    bundle = bundle_bytes(root)
    _write_atomic(out / BUNDLE_NAME, bundle)
    _write_atomic(out / BUNDLE_DIGEST_NAME, f"{hashlib.sha256(bundle).hexdigest()}\n".encode())
    for po in sorted((root / "locales").glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po.parent.parent.name
        if locale == PSEUDO_LOCALE:
            continue  # a layout-testing aid, built on demand, never shipped
        relative = po.relative_to(root).with_suffix(".mo")
        compile_catalog(po, out / relative, locale)
        written.extend([relative, reviewed_path(relative)])
    return written


def compile_templates(root: Path, out: Path) -> list[Path]:
    """Compile the templates of the checkout at ``root`` to Python modules under ``out`` (the
    wheel's ``_pack``), so that an installed library does not parse them at run time. Returns the
    written files, relative to ``out``."""
    from distress_tolerance._content.pack import TEMPLATES_FOLDER
    from distress_tolerance._render.environment import precompile

    source = root / "src" / "distress_tolerance" / "templates"
    return [Path(TEMPLATES_FOLDER, name) for name in precompile(source, out / TEMPLATES_FOLDER)]

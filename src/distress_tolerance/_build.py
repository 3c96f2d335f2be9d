"""Compile a content pack: ``.po`` -> ``.mo`` (never fuzzy) and YAML -> one JSON bundle.

Used by the wheel build hook (``hatch_build.py``), by ``distress-tolerance i18n compile`` and by
the benchmarks. The outputs are deterministic: two builds give identical bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from distress_tolerance._catalog import DOMAIN, reviewed_path
from distress_tolerance._i18n_pseudo import PSEUDO_LOCALE
from distress_tolerance._loader import load_yaml_pack
from distress_tolerance._pack import BUNDLE_NAME
from distress_tolerance.exceptions import CatalogError


def bundle_bytes(root: Path) -> bytes:
    """The JSON bundle of the pack at ``root`` (validated; raises ContentError)."""
    return load_yaml_pack(root, label="").model_dump_json().encode("utf-8")


def compile_catalog(po_path: Path, mo_path: Path, locale: str) -> None:
    """Compile one ``.po`` to ``.mo`` without fuzzy entries, plus the list of reviewed messages."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with po_path.open("rb") as fileobj:
            catalog = read_po(fileobj, locale=locale, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise CatalogError(locale, str(po_path), str(exc)) from exc
    catalog.fuzzy = False  # a fuzzy header must not hide the whole catalog; fuzzy entries still go
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as out:
        write_mo(out, catalog, use_fuzzy=False)
    reviewed = sorted(
        m.id if not m.context else f"{m.context}\x04{m.id}"
        for m in catalog
        if m.id and isinstance(m.id, str) and "reviewed" in m.flags and not m.fuzzy and m.string
    )
    reviewed_path(mo_path).write_text(json.dumps(reviewed, ensure_ascii=False, indent=0) + "\n", "utf-8")


def compile_pack(root: Path, out: Path) -> list[Path]:
    """Write the bundle and every compiled catalog of the pack at ``root`` under ``out``.

    Returns the written files, relative to ``out``.
    """
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

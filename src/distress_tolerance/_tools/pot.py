"""Extract a pack's messages into a ``.pot`` (and our templates' interface strings), deterministically.

Used by ``distress-tolerance i18n extract``/``update``/``check``, the pseudo-locale and the tests.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distress_tolerance._content.version import package_version
from distress_tolerance._i18n.catalog_files import DOMAIN

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

_PROJECT = "distress_tolerance"
WIDTH = 76  # Babel's default line width, so hand-saved and tool-saved catalogs agree
_BUGS = "https://example.invalid/distress-tolerance/issues"
_TEMPLATES = "src/distress_tolerance/templates"
_START = 24  # characters of a long message enough to find its line
_LABEL_MODULES = ("_render/crisis_view.py", "_render/labels.py")
"""Modules whose ``_``/``pgettext`` calls are interface strings, extracted like the templates'."""


def pot_path(root: Path) -> Path:
    """Where a pack keeps its template catalog."""
    return root / "locales" / f"{DOMAIN}.pot"


def extract_catalog(root: Path | None, *, templates: bool) -> Catalog:
    """Extract every message of a pack (and, for the built-in pack, of our templates).

    With ``root`` None only the templates' messages are extracted.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract

    from distress_tolerance._content.loader import read_pack_yaml
    from distress_tolerance.extract import extract_yaml

    catalog = Catalog(
        project=_PROJECT,
        version=package_version(),
        msgid_bugs_address=_BUGS,
        copyright_holder="distress_tolerance contributors",
        charset="utf-8",
        fuzzy=False,
    )
    data = [] if root is None else sorted((root / "data").rglob("*.yaml"))
    sources: list[tuple[Path, Any, str]] = [(p, extract_yaml, _shown(p, root)) for p in data if root]
    if templates:
        # Templates are shown as in a source checkout, wherever the package is installed.
        folder = Path(__file__).parent.parent / "templates"
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        sources += [(p, "jinja2", f"{_TEMPLATES}/{p.relative_to(folder).as_posix()}") for p in files]
        # Labels worded in Python, once for every format (the crisis route).
        for module in _LABEL_MODULES:
            sources.append((folder.parent / module, "python", f"src/distress_tolerance/{module}"))
    for path, method, shown in sources:
        # Pack files through the bounded reader: a FIFO or a link out of the pack is refused by
        # name (ContentError), never opened; our own templates are read as they are.
        raw = read_pack_yaml(path, root, shown) if method is extract_yaml and root else path.read_bytes()
        fileobj = io.BytesIO(raw)
        fileobj.name = shown
        for lineno, message, comments, context in extract(
            method, fileobj, comment_tags=("NOTE",), strip_comment_tags=True
        ):
            line = _line_of(raw, message, lineno) if method == "python" else lineno
            catalog.add(message, None, [(shown, line)], auto_comments=comments, context=context)
    return catalog


def _line_of(source: bytes, message: str | tuple[str, ...], fallback: int) -> int:
    """The line of a Python file where ``message``'s string literal starts: Babel releases disagree
    on which line of a call spread over several lines they report, and the ``.pot`` must not depend
    on the release. A short message is looked for with both quotes (``"Call"``, not the start of
    ``"Call your local..."``), a long one by its opening quote and first words."""
    text = message if isinstance(message, str) else message[0]
    start = (f'"{text}"' if len(text) <= _START else f'"{text[:_START]}').encode()
    for number, line in enumerate(source.splitlines(), start=1):
        if start in line:
            return number
    return fallback


def interface_keys() -> frozenset[tuple[str | None, str]]:
    """The (msgctxt, msgid) of every interface string of our templates.

    A host pack's catalog may reword them (docs/usage.md, "Host packs"): ``update --pack`` keeps
    such entries and ``check --pack`` does not call them stale.
    """
    from distress_tolerance._i18n.po import key_of

    global _INTERFACE  # noqa: PLW0603 (computed once: the templates ship with the package)
    if _INTERFACE is None:
        catalog = extract_catalog(None, templates=True)
        _INTERFACE = frozenset(key_of(m) for m in catalog if m.id)
    return _INTERFACE


_INTERFACE: frozenset[tuple[str | None, str]] | None = None


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

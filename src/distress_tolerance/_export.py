"""Export a static bundle of renderings, for hosts without Python and for CDNs.

A bundle is one folder for one locale: ``index.json`` (every technique with the file that holds it),
one file per technique (``<id>.json``, the ``json`` rendering, or ``<id>.html``, the ``page``
rendering), ``index.html`` linking to the pages (``page`` only) and the JSON Schemas of what it
holds. Writing is atomic: everything is rendered into a temporary folder beside the destination,
which is moved into place only once all of it succeeded.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from distress_tolerance._locale import language_tag, parse_locale, text_direction
from distress_tolerance._schema import render_schema, schemas
from distress_tolerance.exceptions import DistressToleranceError, ExportError, RenderError
from distress_tolerance.localized import LocalizedText
from distress_tolerance.models import Category, ReviewStatus

if TYPE_CHECKING:
    import jinja2

    from distress_tolerance.library import Library
    from distress_tolerance.render import Renderer

__all__ = ["EXPORT_FORMATS", "ExportEntry", "ExportError", "ExportIndex", "export"]

EXPORT_FORMATS: tuple[str, ...] = ("json", "page")
"""The formats a bundle can hold."""

INDEX_NAME = "index.json"
INDEX_PAGE_NAME = "index.html"
INDEX_SCHEMA_NAME = "export-index.schema.json"
DOCUMENT_SCHEMA_NAME = "technique-document.schema.json"
INDEX_TEMPLATE_NAME = "page/index.html"

# The default index page. A host replaces it by serving ``page/index.html`` from its own loader.
# It is a constant of this module, never built from data; every value in it is autoescaped.
_INDEX_TEMPLATE = """\
{%- extends "page/_layout.html" -%}
{% block title %}{{ _("Skills for getting through hard moments") }}{% endblock %}
{% block body %}
{%- from "html/_macros.html" import lang with context -%}
{%- set root = locale | replace("_", "-") -%}
<h1>{{ _("Skills for getting through hard moments") }}</h1>
<ul class="dt-index">
{% for e in entries %}
<li>
<h2><a href="{{ e.file }}"{{ lang(e.title, root) }}>{{ e.title.text }}</a></h2>
<p{{ lang(e.summary, root) }}>{{ e.summary.text }}</p>
<p class="dt-duration">{{ ngettext("About %(n)s minute", "About %(n)s minutes", e.minutes) }}</p>
{% if e.review_status != "reviewed" %}
<p class="dt-review">{{ _("Draft: not yet reviewed by a clinician.") }}</p>
{% endif %}
</li>
{% endfor %}
</ul>
{% include "html/crisis.html" %}
{% endblock %}
"""


class ExportEntry(BaseModel):
    """One technique in a bundle's index."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: LocalizedText
    summary: LocalizedText
    minutes: int
    category: Category
    review_status: ReviewStatus
    file: str
    """The technique's file, relative to the bundle's folder."""


class ExportIndex(BaseModel):
    """``index.json``: what a bundle holds (its JSON Schema is ``export-index.schema.json``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = 1
    generator: str
    format: Literal["json", "page"]
    locale: str
    lang: str
    dir: str
    region: str | None
    """The region of every crisis route in the bundle (``None``: local emergency services)."""
    schema_file: str | None
    """The JSON Schema of each technique file (``json`` bundles only)."""
    techniques: tuple[ExportEntry, ...]


def export(
    library: Library,
    out: str | Path,
    *,
    locale: str,
    fmt: str,
    region: str | None = None,
    force: bool = False,
    loader: jinja2.BaseLoader | None = None,
) -> list[Path]:
    """Write every technique of ``library`` in ``locale`` as a static bundle in the folder ``out``.

    ``fmt`` is ``json`` or ``page``; every file ends with the crisis route for ``region`` (without
    one, the locale's region, else the instruction to contact local emergency services). ``loader``
    is a Jinja loader for host templates, as for :class:`~distress_tolerance.Renderer`.

    A non-empty ``out`` is refused unless ``force`` is true, and then only if it holds an earlier
    bundle (an ``index.json``), so a mistyped path cannot wipe an unrelated folder. Nothing is
    changed on any error: the old folder is replaced only after everything rendered. Returns the
    paths written, sorted. Raises ExportError, RenderError or UnknownLocaleError.
    """
    from distress_tolerance.render import Renderer

    if fmt not in EXPORT_FORMATS:
        msg = f"cannot export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        raise RenderError(msg)
    normal = parse_locale(locale)
    target = Path(out)
    replacing = _check_target(target, force=force)
    renderer = Renderer(library, loader=_with_index_template(loader), cache_size=0)
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _sibling(target, "partial")
        staging.mkdir()
        names = _write_bundle(renderer, staging, normal, fmt, region)
        _move_into_place(staging, target, replacing=replacing)
    except BaseException as exc:
        _remove(staging)
        if isinstance(exc, OSError) and not isinstance(exc, DistressToleranceError):
            msg = f"cannot write the bundle: {exc}"
            raise ExportError(target, msg) from exc
        raise
    return [target / name for name in sorted(names)]


def _check_target(target: Path, *, force: bool) -> bool:
    """Whether an earlier bundle at ``target`` is to be replaced; raises if ``target`` is refused."""
    if not target.exists() and not target.is_symlink():
        return False
    if target.is_symlink() or not target.is_dir():
        raise ExportError(target, "exists and is not a folder")
    if not any(target.iterdir()):
        return False
    if not force:
        raise ExportError(target, "the folder is not empty: use --force (force=True) to replace it")
    if not (target / INDEX_NAME).is_file():
        msg = f"refusing to replace a folder without an earlier bundle (no {INDEX_NAME}): remove it yourself"
        raise ExportError(target, msg)
    return True


def _with_index_template(loader: jinja2.BaseLoader | None) -> jinja2.BaseLoader:
    import jinja2

    default = jinja2.DictLoader({INDEX_TEMPLATE_NAME: _INDEX_TEMPLATE})
    return default if loader is None else jinja2.ChoiceLoader([loader, default])


def _write_bundle(renderer: Renderer, folder: Path, locale: str, fmt: str, region: str | None) -> list[str]:
    """Render every file of the bundle into ``folder``; returns their names."""
    library = renderer.library
    extension = "json" if fmt == "json" else "html"
    entries: list[ExportEntry] = []
    for technique in library.techniques():
        name = f"{technique.id}.{extension}"
        text = renderer.render(technique.id, format=fmt, locale=locale, region=region, heading_level=1)
        _write(folder / name, text)
        localized = library.localize(technique, locale)
        entries.append(
            ExportEntry(
                id=technique.id,
                title=localized.title,
                summary=localized.summary,
                minutes=technique.when.minutes,
                category=technique.category,
                review_status=technique.review.status,
                file=name,
            )
        )
    index = ExportIndex(
        generator=f"distress_tolerance {_version()}",
        format="json" if fmt == "json" else "page",
        locale=locale,
        lang=language_tag(locale),
        dir=text_direction(locale),
        region=library.region_for(locale, region),
        schema_file=DOCUMENT_SCHEMA_NAME if fmt == "json" else None,
        techniques=tuple(entries),
    )
    _write(folder / INDEX_NAME, index.model_dump_json(indent=2) + "\n")
    _write(folder / INDEX_SCHEMA_NAME, render_schema(ExportIndex.model_json_schema(mode="serialization")))
    if fmt == "json":
        _write(folder / DOCUMENT_SCHEMA_NAME, render_schema(schemas()[DOCUMENT_SCHEMA_NAME]))
    else:
        _write(folder / INDEX_PAGE_NAME, _index_page(renderer, locale, region, index))
    return sorted(path.name for path in folder.iterdir())


def _index_page(renderer: Renderer, locale: str, region: str | None, index: ExportIndex) -> str:
    context: dict[str, Any] = renderer.context(locale, region=region, heading_level=2)
    context["entries"] = index.techniques
    try:
        return renderer.environment.get_template(INDEX_TEMPLATE_NAME).render(context)
    except Exception as exc:  # a host template may fail in any way: report it as ours
        msg = f"cannot render the index page: {exc}"
        raise RenderError(msg) from exc


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def _sibling(target: Path, kind: str) -> Path:
    """A fresh hidden name beside ``target``, on the same file system so a rename is atomic."""
    return target.parent / f".{target.name}.{secrets.token_hex(6)}.{kind}"


def _move_into_place(staging: Path, target: Path, *, replacing: bool) -> None:
    if not replacing:
        emptied = target.is_dir()  # an empty folder, checked before rendering
        if emptied:
            target.rmdir()
        try:
            os.replace(staging, target)
        except OSError:
            if emptied:
                target.mkdir(exist_ok=True)
            raise
        return
    backup = _sibling(target, "old")
    os.replace(target, backup)
    try:
        os.replace(staging, target)
    except OSError:
        os.replace(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("distress-tolerance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled tree
        return "unknown"

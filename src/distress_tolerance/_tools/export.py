"""Export a static bundle of renderings, for hosts without Python and for CDNs.

A bundle is one folder for one locale: ``index.json`` (every technique with the file that holds it),
one file per technique (``<id>.json``, the ``json`` rendering, or ``<id>.html``, the ``page``
rendering), ``index.html`` linking to the pages (``page`` only) and the JSON Schemas of what it
holds, and ``export-manifest.json``: every other file of the bundle with its SHA-256, so a later
export can prove the folder is its own before replacing it.

Writing is atomic: everything is rendered into a hidden staging folder beside the destination
(``.<name>.<random>.partial``, holding a marker file while it is ours), which is moved into place
only once all of it succeeded. An earlier bundle is moved aside (``.<name>.<random>.old``) and
removed after the swap. Staging and backup folders that a killed export left behind are cleaned up
by the next export to the same destination.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from distress_tolerance._content.version import package_version
from distress_tolerance._i18n.locale import language_tag, parse_locale, text_direction
from distress_tolerance._tools.export_folder import (
    MARKER_NAME,
    check_target,
    clean_stale,
    move_into_place,
    remove,
    sibling,
    write_manifest,
    write_marker,
    write_text,
)
from distress_tolerance._tools.schema import render_schema, schemas
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
    require_reviewed: bool = False,
) -> list[Path]:
    """Write every technique of ``library`` in ``locale`` as a static bundle in the folder ``out``.

    ``fmt`` is ``json`` or ``page``; every file ends with the crisis route for ``region`` (without
    one, the locale's region, else the instruction to contact local emergency services). ``loader``
    is a Jinja loader for host templates, as for :class:`~distress_tolerance.Renderer`. With
    ``require_reviewed``, cautions and crisis wording whose translation is not reviewed are shown
    in English (and each file says so), as for :meth:`~distress_tolerance.Renderer.render`.

    A non-empty ``out`` is refused unless ``force`` is true, and then only if it is provably an
    earlier bundle: its ``export-manifest.json`` lists exactly the files it holds, each unchanged.
    Anything else (a foreign or changed file, a subfolder, a link) is refused with an ExportError
    naming it, so a mistyped path cannot wipe an unrelated folder. Nothing is changed on any error:
    the old folder is replaced only after everything rendered, and no staging folder is left.
    Returns the paths written, sorted. Raises ExportError, RenderError or UnknownLocaleError.
    """
    from distress_tolerance.render import Renderer

    if fmt not in EXPORT_FORMATS:
        msg = f"cannot export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        raise RenderError(msg)
    if not isinstance(require_reviewed, bool):
        msg = f"require_reviewed must be True or False, not {type(require_reviewed).__name__}"
        raise RenderError(msg)
    normal = parse_locale(locale)
    target = Path(out)
    try:
        clean_stale(target)
        replacing = check_target(target, force=force)
    except OSError as exc:
        if isinstance(exc, DistressToleranceError):
            raise
        msg = f"cannot read the folder: {exc}"
        raise ExportError(target, msg) from exc
    renderer = Renderer(library, loader=_with_index_template(loader), cache_size=0)
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = sibling(target, "partial")
        staging.mkdir()
        write_marker(staging)
        names = _write_bundle(renderer, staging, normal, fmt, region, require_reviewed=require_reviewed)
        move_into_place(staging, target, replacing=replacing)
    except BaseException as exc:
        remove(staging)
        if isinstance(exc, OSError) and not isinstance(exc, DistressToleranceError):
            msg = f"cannot write the bundle: {exc}"
            raise ExportError(target, msg) from exc
        raise
    return [target / name for name in sorted(names)]


def _with_index_template(loader: jinja2.BaseLoader | None) -> jinja2.BaseLoader:
    import jinja2

    default = jinja2.DictLoader({INDEX_TEMPLATE_NAME: _INDEX_TEMPLATE})
    return default if loader is None else jinja2.ChoiceLoader([loader, default])


def _write_bundle(
    renderer: Renderer, folder: Path, locale: str, fmt: str, region: str | None, *, require_reviewed: bool
) -> list[str]:
    """Render every file of the bundle and its manifest into ``folder``; returns their names."""
    library = renderer.library
    extension = "json" if fmt == "json" else "html"
    entries: list[ExportEntry] = []
    for technique in library.techniques():
        name = f"{technique.id}.{extension}"
        text = renderer.render(
            technique.id,
            format=fmt,
            locale=locale,
            region=region,
            heading_level=1,
            require_reviewed=require_reviewed,
        )
        write_text(folder / name, text)
        localized = library.localize(technique, locale, require_reviewed=require_reviewed)
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
        generator=f"distress_tolerance {package_version()}",
        format="json" if fmt == "json" else "page",
        locale=locale,
        lang=language_tag(locale),
        dir=text_direction(locale),
        region=library.region_for(locale, region),
        schema_file=DOCUMENT_SCHEMA_NAME if fmt == "json" else None,
        techniques=tuple(entries),
    )
    write_text(folder / INDEX_NAME, index.model_dump_json(indent=2) + "\n")
    write_text(folder / INDEX_SCHEMA_NAME, render_schema(ExportIndex.model_json_schema(mode="serialization")))
    if fmt == "json":
        write_text(folder / DOCUMENT_SCHEMA_NAME, render_schema(schemas()[DOCUMENT_SCHEMA_NAME]))
    else:
        write_text(folder / INDEX_PAGE_NAME, _index_page(renderer, locale, region, index, require_reviewed))
    write_manifest(folder, fmt, locale)
    return sorted(path.name for path in folder.iterdir() if path.name != MARKER_NAME)


def _index_page(
    renderer: Renderer, locale: str, region: str | None, index: ExportIndex, require_reviewed: bool
) -> str:
    context: dict[str, Any] = renderer.context(
        locale, region=region, heading_level=2, require_reviewed=require_reviewed
    )
    context["entries"] = index.techniques
    try:
        return renderer.environment.get_template(INDEX_TEMPLATE_NAME).render(context)
    except Exception as exc:  # a host template may fail in any way: report it as ours
        msg = f"cannot render the index page: {exc}"
        raise RenderError(msg) from exc

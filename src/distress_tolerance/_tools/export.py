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
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

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
from distress_tolerance.exceptions import ArgumentError, DistressToleranceError, ExportError, RenderError
from distress_tolerance.localized import LocalizedText
from distress_tolerance.models import Category, ReviewStatus

if TYPE_CHECKING:
    import jinja2

    from distress_tolerance.library import Library
    from distress_tolerance.render import Renderer

__all__ = ["EXPORT_FORMATS", "ExportEntry", "ExportError", "ExportIndex", "export"]

EXPORT_FORMATS: tuple[str, ...] = ("json", "page", "jsonl", "fhir")
"""The formats a bundle can hold: a ``json`` document or a ``page`` per technique; ``jsonl``,
every retrieval document of the locale in one ``documents.jsonl``; or ``fhir``, a FHIR R4 resource
per file (``ActivityDefinition-<id>.json``, ``Questionnaire-safety-plan.json``) and ``bundle.json``."""

INDEX_NAME = "index.json"
INDEX_PAGE_NAME = "index.html"
INDEX_SCHEMA_NAME = "export-index.schema.json"
DOCUMENT_SCHEMA_NAME = "technique-document.schema.json"
INDEX_TEMPLATE_NAME = "page/index.html"
"""The index page's template: a host replaces it by serving ``page/index.html`` from its own loader."""
DOCUMENTS_NAME = "documents.jsonl"
FHIR_BUNDLE_NAME = "bundle.json"
RETRIEVAL_SCHEMA_NAME = "retrieval-document.schema.json"


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
    format: str = Field(pattern="^(json|page|jsonl|fhir)$")
    locale: str
    lang: str
    dir: str
    region: str | None
    """The region of every crisis route in the bundle (``None``: local emergency services)."""
    schema_file: str | None
    """The JSON Schema of each technique file (``json``) or of each line of ``documents.jsonl``
    (``jsonl``); None for pages."""
    techniques: tuple[ExportEntry, ...]


def export(
    library: Library,
    out: str | Path,
    *,
    locale: str,
    format: str,  # noqa: A002 (one keyword for the format everywhere, as Renderer.render)
    region: str | None = None,
    force: bool = False,
    loader: jinja2.BaseLoader | None = None,
    require_reviewed: bool = False,
    base_url: str | None = None,
) -> list[Path]:
    """Write every technique of ``library`` in ``locale`` as a static bundle in the folder ``out``.

    ``format`` is ``json`` or ``page`` (every file ends with the crisis route for ``region``;
    without one, the locale's region, else the instruction to contact local emergency services)
    or ``jsonl`` (the retrieval documents of the locale, with the crisis services of ``region``,
    or of every region without one) or ``fhir`` (FHIR R4 resources whose canonical URLs start
    with ``base_url``; see :func:`~distress_tolerance.fhir_resources`). ``loader``
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

    if format not in EXPORT_FORMATS:
        msg = f"cannot export format {format!r}: choose one of {', '.join(EXPORT_FORMATS)}"
        raise RenderError(msg)
    if base_url is not None and format != "fhir":
        msg = f"base_url is for the fhir format only, not {format!r}"
        raise ArgumentError(msg)
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
    renderer = Renderer(library, loader=loader, cache_size=0)
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = sibling(target, "partial")
        staging.mkdir()
        write_marker(staging)
        names = _write_bundle(
            renderer, staging, normal, format, region, require_reviewed=require_reviewed, base_url=base_url
        )
        move_into_place(staging, target, replacing=replacing)
    except BaseException as exc:
        remove(staging)
        if isinstance(exc, OSError) and not isinstance(exc, DistressToleranceError):
            msg = f"cannot write the bundle: {exc}"
            raise ExportError(target, msg) from exc
        raise
    return [target / name for name in sorted(names)]


def _write_bundle(
    renderer: Renderer,
    folder: Path,
    locale: str,
    fmt: str,
    region: str | None,
    *,
    require_reviewed: bool,
    base_url: str | None,
) -> list[str]:
    """Render every file of the bundle and its manifest into ``folder``; returns their names."""
    library = renderer.library
    entries: list[ExportEntry] = []
    for technique in library.techniques():
        if fmt == "jsonl":
            name = DOCUMENTS_NAME
        elif fmt == "fhir":
            name = f"ActivityDefinition-{technique.id}.json"
        else:
            name = f"{technique.id}.{'json' if fmt == 'json' else 'html'}"
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
    schema_file = {"json": DOCUMENT_SCHEMA_NAME, "jsonl": RETRIEVAL_SCHEMA_NAME}.get(fmt)
    index = ExportIndex(
        generator=f"distress_tolerance {package_version()}",
        format=fmt,
        locale=locale,
        lang=language_tag(locale),
        dir=text_direction(locale),
        region=library.region_for(locale, region),
        schema_file=schema_file,
        techniques=tuple(entries),
    )
    write_text(folder / INDEX_NAME, index.model_dump_json(indent=2) + "\n")
    write_text(folder / INDEX_SCHEMA_NAME, render_schema(ExportIndex.model_json_schema(mode="serialization")))
    if schema_file is not None:
        write_text(folder / schema_file, render_schema(schemas()[schema_file]))
    if fmt == "page":
        write_text(folder / INDEX_PAGE_NAME, _index_page(renderer, locale, region, index, require_reviewed))
    if fmt == "jsonl":
        from distress_tolerance._channels.retrieval import retrieval_documents

        documents = retrieval_documents(library, locale=locale, region=region)
        write_text(folder / DOCUMENTS_NAME, "".join(d.model_dump_json() + "\n" for d in documents))
    if fmt == "fhir":
        _write_fhir(library, folder, locale, require_reviewed=require_reviewed, base_url=base_url)
    write_manifest(folder, fmt, locale)
    return sorted(path.name for path in folder.iterdir() if path.name != MARKER_NAME)


def _write_fhir(
    library: Library, folder: Path, locale: str, *, require_reviewed: bool, base_url: str | None
) -> None:
    from distress_tolerance._channels.fhir import (
        DEFAULT_BASE_URL,
        fhir_bundle,
        fhir_json,
        fhir_resources,
        resource_file_name,
    )

    options: dict[str, Any] = {
        "locale": locale,
        "base_url": base_url or DEFAULT_BASE_URL,
        "require_reviewed": require_reviewed,
    }
    for resource in fhir_resources(library, **options):
        write_text(folder / resource_file_name(resource), fhir_json(resource))
    write_text(folder / FHIR_BUNDLE_NAME, fhir_json(fhir_bundle(library, **options)))


def _index_page(
    renderer: Renderer, locale: str, region: str | None, index: ExportIndex, require_reviewed: bool
) -> str:
    context: dict[str, Any] = renderer.context(
        locale, region=region, heading_level=2, require_reviewed=require_reviewed
    )
    context["entries"] = index.techniques
    from distress_tolerance.render import render_template

    return render_template(renderer.environment, INDEX_TEMPLATE_NAME, context)

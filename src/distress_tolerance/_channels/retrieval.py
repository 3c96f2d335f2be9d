"""Retrieval documents for chat bots: the content cut into small, self-describing pieces.

A bot that answers from retrieved text (RAG) needs pieces small enough to embed, each carrying
what it must know before quoting it: the language and its review status, the cautions, whether
the piece touches suicide or self-harm (then the full crisis route goes beside it), when the
skill suits, the citation and the licence.

**Size rule**: a document's ``text`` is at most :data:`MAX_TEXT_CHARS` characters (about 300
tokens of English, inside the 512-token window of common embedding models). A technique becomes
an overview (title, summary, why, cautions) and groups of consecutive steps, split only between
steps; the first hour is one document per section; the safety plan's form one per part. No text
is ever cut inside a sentence: content that cannot fit is an error (checked for every locale by
the tests), not a silent truncation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from distress_tolerance._content.version import package_version
from distress_tolerance._i18n.locale import language_tag, parse_locale
from distress_tolerance._render.reframes import localized_reframes
from distress_tolerance._render.support import template_context
from distress_tolerance.exceptions import ContentError, ErrorLocation
from distress_tolerance.localized import (
    LocalizedCaution,
    LocalizedFirstHour,
    LocalizedPlanForm,
    LocalizedTechnique,
    LocalizedText,
    TextStatus,
)
from distress_tolerance.models import Category, CautionKind, Review, ReviewStatus, Source, WhenToUse

if TYPE_CHECKING:
    from distress_tolerance._render.crisis_view import RouteView
    from distress_tolerance.library import Library

__all__ = [
    "MAX_TEXT_CHARS",
    "Citation",
    "DocumentKind",
    "DocumentReview",
    "DocumentSafety",
    "RetrievalDocument",
    "retrieval_documents",
]

MAX_TEXT_CHARS = 1200
"""The most characters a document's ``text`` holds (see the size rule above)."""

_CRISIS_LICENSE = "CC-BY-SA-4.0"


class DocumentKind(StrEnum):
    """What a retrieval document holds."""

    TECHNIQUE = "technique"
    """A technique's overview: title, summary and why it helps."""
    CAUTIONS = "cautions"
    """A technique's cautions with their stop signals: say them before its steps."""
    STEPS = "steps"
    """A group of consecutive steps of a technique."""
    REFRAME = "reframe"
    """A harsh thought and a kinder alternative."""
    CRISIS_SERVICE = "crisis-service"
    """One crisis line or support service of one region."""
    EMERGENCY = "emergency"
    """A region's emergency numbers."""
    FIRST_HOUR = "first-hour"
    """A section of what to do in the first hour after self-harm."""
    SAFETY_PLAN = "safety-plan"
    """The introduction or one part of the safety plan's form."""


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Doc):
    """Where a fact or a procedure comes from."""

    text: str
    url: str | None = None


class DocumentReview(_Doc):
    """How far a document's words have been checked by people."""

    content: ReviewStatus | None
    """The clinical review of the source content (None for crisis data, which is verified
    against its sources instead: see ``verified``)."""
    last_reviewed: dt.date | None = None
    verified: dt.date | None = None
    """Crisis data: the date its facts were last checked against the sources."""
    translation: TextStatus
    """The weakest status among the document's texts: ``source`` (English as written),
    ``unreviewed`` (a translation nobody has reviewed) or ``reviewed``."""


class DocumentSafety(_Doc):
    """What a bot must do when it uses a document."""

    cautions: tuple[CautionKind, ...] = ()
    """The kinds of caution of the technique (medical, trauma, ...)."""
    read_first: tuple[str, ...] = ()
    """Ids of the documents (the technique's cautions) to show before this one's steps."""
    risk: bool = False
    """The content touches suicide or self-harm: show the full crisis route beside it."""
    crisis: bool = False
    """The document is crisis information (a line, an emergency number, the first hour)."""


class RetrievalDocument(_Doc):
    """One piece of content for a retrieval index (``documents.jsonl``, one per line)."""

    format_version: int = Field(1, ge=1, le=1)
    id: str
    """Unique within an export: ``kind:source_id[#part]@locale``."""
    kind: DocumentKind
    source_id: str
    """The id of the content it comes from: a technique, reframe or service id, ``first-hour``
    or ``safety-plan``."""
    part: str | None = None
    """Which piece of the source: ``steps-1-4``, a section or plan part id, ``intro``."""
    version: str
    """The source's content version (a technique's ``version``), else the package version."""
    locale: str
    """The locale asked for."""
    lang: str
    """The BCP 47 language the title is in (``en`` when the text fell back to English)."""
    title: str
    text: str = Field(max_length=MAX_TEXT_CHARS)
    category: Category | None = None
    tags: tuple[str, ...] = ()
    when: WhenToUse | None = None
    """When, where and how long the technique suits (techniques and their steps only)."""
    region: str | None = None
    """The region of a crisis service or emergency number."""
    review: DocumentReview
    safety: DocumentSafety
    citations: tuple[Citation, ...] = ()
    license: str
    generator: str


def retrieval_documents(
    library: Library, *, locale: str = "en", region: str | None = None
) -> tuple[RetrievalDocument, ...]:
    """Every retrieval document of ``library`` in ``locale``, in a stable order.

    Techniques (an overview and groups of steps each), reframes, the first hour and the safety
    plan's form when the library has them, then crisis services and emergency numbers: those of
    ``region`` only, or of every region the library knows when ``region`` is None. Text without a
    translation falls back to English and says so (``lang``, ``review.translation``).
    Raises UnknownLocaleError, UnknownRegionError, and ContentError if a piece of content cannot
    fit the size rule.
    """
    normal = parse_locale(locale)
    if region is not None:
        library.region_for(normal, region)  # validates it (UnknownRegionError)
    every = sorted({*library.regions(), *library.emergency_regions()})
    regions = every if region is None else [region.upper()]
    builder = _Builder(library, normal)
    documents = [
        *builder.techniques(),
        *builder.reframes(),
        *builder.first_hour(),
        *builder.safety_plan(),
        *(doc for code in regions for doc in builder.crisis(code)),
    ]
    return tuple(documents)


def _weakest(*texts: LocalizedText | None) -> TextStatus:
    statuses = {t.status for t in texts if t is not None}
    for status in (TextStatus.UNREVIEWED, TextStatus.SOURCE):
        if status in statuses:
            return status
    return TextStatus.REVIEWED


def _citations(sources: tuple[Source, ...]) -> tuple[Citation, ...]:
    return tuple(Citation(text=s.citation, url=s.url) for s in sources)


def _guidance_fields(
    source: LocalizedFirstHour | LocalizedPlanForm, safety: DocumentSafety
) -> dict[str, object]:
    """The fields every document of the first hour or of the plan's form shares."""
    return {
        "version": str(source.version),
        "lang": source.title.lang,
        "title": str(source.title),
        "citations": _citations(source.sources),
        "license": source.license,
        "safety": safety,
    }


def _caution_text(caution: LocalizedCaution) -> str:
    if caution.stop_signal is None:
        return f"- {caution.text}"
    return f"- {caution.text}\n  {caution.stop_signal}"


def _part(name: str, first: int, last: int, total: int) -> str:
    """``steps`` when a group holds them all, else ``steps-3-5`` (numbered from 1)."""
    return name if (first, last) == (1, total) else f"{name}-{first}-{last}"


def _groups(title: str, lines: list[str]) -> Iterator[tuple[int, int]]:
    """Consecutive runs of ``lines`` (first and last, from 1) that fit the size rule under ``title``.

    A run is closed only between lines; a single line too long for any run is a run of its own
    (the document then refuses it, naming the content).
    """
    start, size = 1, len(title)
    for number, line in enumerate(lines, start=1):
        if number > start and size + 1 + len(line) > MAX_TEXT_CHARS:
            yield start, number - 1
            start, size = number, len(title)
        size += 1 + len(line)
    if lines:
        yield start, len(lines)


class _Builder:
    """Makes the documents of one library in one locale."""

    def __init__(self, library: Library, locale: str) -> None:
        self.library = library
        self.locale = locale
        self.generator = f"distress_tolerance {package_version()}"
        self.translator = library.translator(None, locale)

    def _id(self, kind: DocumentKind, source_id: str, part: str | None) -> str:
        return f"{kind.value}:{source_id}{'#' + part if part else ''}@{self.locale}"

    def _doc(
        self, kind: DocumentKind, source_id: str, part: str | None, **fields: object
    ) -> RetrievalDocument:
        text = str(fields.get("text", ""))
        if len(text) > MAX_TEXT_CHARS:
            where = ErrorLocation(
                path=f"{kind.value}:{source_id}",
                line=None,
                field=part or "",
                message=f"in {self.locale} the retrieval text is {len(text)} characters, "
                f"over the {MAX_TEXT_CHARS} of the size rule; split the content",
            )
            raise ContentError([where])
        return RetrievalDocument.model_validate(
            {
                "id": self._id(kind, source_id, part),
                "kind": kind,
                "source_id": source_id,
                "part": part,
                "locale": self.locale,
                "generator": self.generator,
                **fields,
            }
        )

    def _label(self, msgid: str) -> str:
        return self.translator.shown_text(None, msgid).text

    def techniques(self) -> Iterator[RetrievalDocument]:
        for technique in self.library.techniques():
            localized = self.library.localize(technique, self.locale)
            yield from self._technique(localized)

    def _technique(self, t: LocalizedTechnique) -> Iterator[RetrievalDocument]:
        common = {
            "version": str(t.version),
            "category": t.category,
            "tags": t.tags,
            "when": t.when,
            "citations": _citations(t.sources),
            "license": t.license,
            "lang": t.title.lang,
            "title": str(t.title),
        }
        kinds = tuple(dict.fromkeys(c.kind for c in t.cautions))
        caution_groups = list(_groups(str(t.title), [_caution_text(c) for c in t.cautions]))
        caution_ids = tuple(
            self._id(DocumentKind.CAUTIONS, t.id, _part("cautions", first, last, len(t.cautions)))
            for first, last in caution_groups
        )
        safety = DocumentSafety(cautions=kinds, read_first=caution_ids)
        yield self._doc(
            DocumentKind.TECHNIQUE,
            t.id,
            None,
            text="\n".join((str(t.title), str(t.summary), str(t.why))),
            review=self._review(t.review, t.title, t.summary, t.why),
            safety=safety,
            **common,
        )
        for first, last in caution_groups:
            chosen = t.cautions[first - 1 : last]
            yield self._doc(
                DocumentKind.CAUTIONS,
                t.id,
                _part("cautions", first, last, len(t.cautions)),
                text="\n".join((str(t.title), *(_caution_text(c) for c in chosen))),
                review=self._review(
                    t.review, t.title, *(c.text for c in chosen), *(c.stop_signal for c in chosen)
                ),
                safety=DocumentSafety(cautions=tuple(dict.fromkeys(c.kind for c in chosen))),
                **common,
            )
        lines = [f"{n}. {step.text}" for n, step in enumerate(t.steps, start=1)]
        for first, last in _groups(str(t.title), lines):
            yield self._doc(
                DocumentKind.STEPS,
                t.id,
                _part("steps", first, last, len(lines)),
                text="\n".join((str(t.title), *lines[first - 1 : last])),
                review=self._review(t.review, t.title, *(s.text for s in t.steps[first - 1 : last])),
                safety=safety,
                **common,
            )

    def _review(self, review: Review, *texts: LocalizedText | None) -> DocumentReview:
        return DocumentReview(
            content=review.status, last_reviewed=review.last_reviewed, translation=_weakest(*texts)
        )

    def reframes(self) -> Iterator[RetrievalDocument]:
        if not self.library.reframes():
            return
        instead, instead_try = self._label("Instead of:"), self._label("Try:")
        for r in localized_reframes(self.library, locale=self.locale):
            yield self._doc(
                DocumentKind.REFRAME,
                r.id,
                None,
                version=package_version(),
                lang=r.harsh.lang,
                title=str(r.harsh),
                text=f'{instead} "{r.harsh}"\n{instead_try} "{r.kinder}"',
                category=None,
                tags=(r.theme.value,),
                review=DocumentReview(content=None, translation=_weakest(r.harsh, r.kinder)),
                safety=DocumentSafety(risk=r.risk),
                license="CC-BY-SA-4.0",
            )

    def first_hour(self) -> Iterator[RetrievalDocument]:
        if self.library.first_hour() is None:
            return
        f = self.library.localize_first_hour(self.locale)
        common = _guidance_fields(f, DocumentSafety(risk=True, crisis=True))
        yield self._doc(
            DocumentKind.FIRST_HOUR,
            f.id,
            "intro",
            text="\n".join((str(f.title), str(f.content_note), str(f.summary), str(f.closing))),
            review=self._review(f.review, f.title, f.content_note, f.summary, f.closing),
            **common,
        )
        for section in f.sections:
            lines = [str(section.heading)]
            if section.intro is not None:
                lines.append(str(section.intro))
            lines += [f"- {item.text}" for item in section.items]
            yield self._doc(
                DocumentKind.FIRST_HOUR,
                f.id,
                section.id,
                text="\n".join(lines),
                review=self._review(
                    f.review, section.heading, section.intro, *(i.text for i in section.items)
                ),
                **common,
            )

    def safety_plan(self) -> Iterator[RetrievalDocument]:
        if self.library.safety_plan_form() is None:
            return
        form = self.library.localize_plan_form(self.locale)
        common = _guidance_fields(form, DocumentSafety(risk=True))
        yield self._doc(
            DocumentKind.SAFETY_PLAN,
            form.id,
            "intro",
            text="\n".join((str(form.title), str(form.intro), str(form.privacy), str(form.closing))),
            review=self._review(form.review, form.title, form.intro, form.privacy, form.closing),
            **common,
        )
        for section in form.sections:
            lines = [str(section.heading), str(section.prompt)]
            if section.hint is not None:
                lines.append(str(section.hint))
            yield self._doc(
                DocumentKind.SAFETY_PLAN,
                form.id,
                section.id.value,
                text="\n".join(lines),
                review=self._review(form.review, section.heading, section.prompt, section.hint),
                **common,
            )

    def crisis(self, region: str) -> Iterator[RetrievalDocument]:
        context = template_context(self.library, self.locale, region, 2, None, False)
        route: RouteView = context["route"]
        crisis_status = self._crisis_status()
        # the labels and notes are in the reader's language when the crisis wording is translated;
        # names (``title``) keep their own
        crisis_lang = language_tag(self.locale) if crisis_status is not TextStatus.SOURCE else "en"
        services = {s.id: s for s in self.library.crisis_services(region)}
        emergency = self.library.emergency_numbers(region)
        if route.emergency and emergency is not None:
            lines = [route.emergency_intro or "", *(c.line(with_link=True) for c in route.emergency)]
            yield self._doc(
                DocumentKind.EMERGENCY,
                region,
                None,
                version=package_version(),
                lang=crisis_lang,
                title=route.emergency_intro or region,
                text="\n".join(line for line in lines if line),
                region=region,
                review=DocumentReview(content=None, translation=crisis_status),
                safety=DocumentSafety(crisis=True),
                citations=tuple(Citation(text=s.title, url=s.url) for s in emergency.sources),
                license=_CRISIS_LICENSE,
            )
        for view in route.services:
            service = services[view.id]
            lines = [
                f"{view.name}: {view.kind}",
                *view.about,
                *(c.line(with_link=True) for c in view.contacts),
            ]
            yield self._doc(
                DocumentKind.CRISIS_SERVICE,
                service.id,
                None,
                version=package_version(),
                lang=crisis_lang,
                title=view.name,
                text="\n".join(lines),
                region=region,
                review=DocumentReview(
                    content=None, verified=service.last_verified.date, translation=crisis_status
                ),
                safety=DocumentSafety(crisis=True),
                citations=tuple(Citation(text=s.title, url=s.url) for s in service.sources),
                license=_CRISIS_LICENSE,
            )

    def _crisis_status(self) -> TextStatus:
        probe = self.translator.text("crisis", "If you need help now")
        return probe.status

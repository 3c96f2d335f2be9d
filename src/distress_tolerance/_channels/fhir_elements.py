"""Building blocks of the FHIR R4 resources: translated elements, review status, attribution.

Every resource is a plain ``dict`` ready for ``json.dumps``; nothing here needs ``fhir.resources``.
A translatable element carries its text in the locale asked for and, in its ``_element``
sibling, one FHIR ``translation`` extension per other language the library has a real translation
in (never an English fallback dressed as a translation). Text from the data goes into ``string``
elements as it is and into ``markdown`` elements backslash-escaped, so it never becomes markup.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distress_tolerance._i18n.locale import SOURCE_LOCALE, parse_locale
from distress_tolerance._render.formats import markdown_escape, substitute
from distress_tolerance._render.support import check_arguments, short
from distress_tolerance.exceptions import ArgumentError, LocaleFallbackWarning
from distress_tolerance.localized import LocalizedText, TextStatus
from distress_tolerance.models import Review, ReviewStatus, Source, SourceUse

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = [
    "DEFAULT_BASE_URL",
    "DRAFT_NOTICE",
    "LANGUAGE_EXTENSION",
    "PUBLISHER",
    "TRANSLATION_EXTENSION",
    "Elements",
    "check_base_url",
    "compose",
    "computable_name",
    "publication_status",
    "related_artifacts",
    "review_elements",
]

DEFAULT_BASE_URL = "https://distress-tolerance.invalid/fhir"
"""The canonical base of our resources when a host names none: ``.invalid`` is reserved (RFC 2606),
so the URL is stable and can never be mistaken for a server that answers."""
TRANSLATION_EXTENSION = "http://hl7.org/fhir/StructureDefinition/translation"
"""FHIR R4 core extension (on string, code and markdown): ``lang`` and ``content``."""
LANGUAGE_EXTENSION = "http://hl7.org/fhir/StructureDefinition/language"
"""FHIR R4 core extension: the language of one element, when it is not the resource's."""
PUBLISHER = "distress_tolerance project"
"""``publisher`` of our own content (a host's content names no publisher: we cannot know it)."""
LICENSE_URLS = {"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}
"""Licence texts we can link to, by SPDX id (a host's other licences are named, not linked)."""

_BASE_URL = re.compile(r"^https?://[^\s<>\"'#?\\]+$")
_MIXED = ""
"""The ``lang`` of a text put together from pieces in more than one language."""

# Interface strings the templates already translate (tests/test_fhir.py checks they still exist).
DRAFT_NOTICE = "Draft: not yet reviewed by a clinician."
OUR_LICENSE = (
    "DBT-informed self-help content from the distress_tolerance project, licensed %(license)s. "
    "It does not replace care from a professional."
)
HOST_LICENSE = "Licensed %(license)s. It does not replace care from a professional."


def check_base_url(base_url: object) -> str:
    """``base_url`` without a trailing slash; ArgumentError unless it is an http(s) URL with no
    spaces, quotes, query or fragment."""
    if not isinstance(base_url, str) or not _BASE_URL.match(base_url.rstrip("/")):
        msg = f"base_url must be an http or https URL such as {DEFAULT_BASE_URL!r}, not {short(base_url)}"
        raise ArgumentError(msg)
    return base_url.rstrip("/")


def computable_name(identifier: str) -> str:
    """A FHIR computable ``name`` (``[A-Z][A-Za-z0-9_]*``) for a slug: ``paced-breathing`` ->
    ``PacedBreathing``; a slug that starts with a digit gets the prefix ``Technique``."""
    name = "".join(part[:1].upper() + part[1:] for part in identifier.split("-"))
    return name if name[:1].isalpha() else f"Technique{name}"


def publication_status(review: Review) -> str:
    """FHIR ``PublicationStatus`` for our review: only reviewed content is ``active``; ``draft`` and
    ``in-review`` are both ``draft`` (not yet for genuine use). Nothing we ship is ``retired``."""
    return "active" if review.status is ReviewStatus.REVIEWED else "draft"


def review_elements(review: Review) -> dict[str, Any]:
    """``date`` and, only for a review that really happened, ``approvalDate`` (reviewed content),
    ``lastReviewDate`` and ``reviewer`` (reviewed content's named reviewers)."""
    last = review.last_reviewed
    found: dict[str, Any] = {"date": max(review.written, last or review.written).isoformat()}
    if review.status is ReviewStatus.REVIEWED and last is not None:
        found["approvalDate"] = last.isoformat()
    if last is not None:
        found["lastReviewDate"] = last.isoformat()
    if review.status is ReviewStatus.REVIEWED and review.reviewers:
        found["reviewer"] = [{"name": name} for name in review.reviewers]
    return found


def related_artifacts(sources: Sequence[Source]) -> list[dict[str, Any]]:
    """R4 ``RelatedArtifact`` per source: an adapted procedure is ``derived-from``, a paraphrased
    concept a ``citation``; the citation is escaped markdown."""
    artifacts = []
    for source in sources:
        kind = "derived-from" if source.use is SourceUse.PROCEDURE else "citation"
        artifact: dict[str, Any] = {"type": kind, "citation": markdown_escape(source.citation)}
        if source.url is not None:
            artifact["url"] = source.url
        artifacts.append(artifact)
    return artifacts


def compose(parts: Sequence[LocalizedText], build: Callable[[list[str]], str]) -> LocalizedText:
    """One text built from several: its language is theirs when they share one (else none, and it
    is never offered as a translation); its status is the weakest of theirs."""
    langs = {part.lang for part in parts}
    statuses = {part.status for part in parts}
    status = next(
        (s for s in (TextStatus.SOURCE, TextStatus.UNREVIEWED) if s in statuses), TextStatus.REVIEWED
    )
    if TextStatus.SOURCE in statuses and len(statuses) > 1:
        status = TextStatus.UNREVIEWED  # part translated, part English: not the English source
    lang = langs.pop() if len(langs) == 1 else _MIXED
    return LocalizedText(text=build([part.text for part in parts]), lang=lang, status=status)


def _primary(tag: str) -> str:
    return tag.split("-", maxsplit=1)[0].lower()


@dataclass(frozen=True)
class Elements:
    """Makes translated elements for one library, in one locale, with or without unreviewed
    translations."""

    library: Library
    locale: str
    require_reviewed: bool = False

    @classmethod
    def create(cls, library: Library, locale: str, require_reviewed: object) -> Elements:
        """Check the arguments (UnknownLocaleError, ArgumentError) and make one."""
        check_arguments(require_reviewed=require_reviewed, error=ArgumentError)
        return cls(library, parse_locale(locale), bool(require_reviewed))  # a bool: checked above

    def ui(self, locale: str, msgid: str, context: str | None = None) -> LocalizedText:
        """An interface string of the templates in ``locale``, with its language and status."""
        return self.library.translator(None, locale).text(context, msgid)

    def license_text(self, locale: str, license_id: str, *, host: bool) -> LocalizedText:
        """The attribution line, escaped markdown, with a link to the licence when we know it."""
        found = self.ui(locale, HOST_LICENSE if host else OUR_LICENSE)
        text = substitute(found.text, {"license": markdown_escape(license_id)}, markdown_escape)
        url = LICENSE_URLS.get(license_id)
        return found.model_copy(update={"text": text if url is None else f"{text} <{url}>"})

    def element(
        self,
        name: str,
        make: Callable[[str], LocalizedText | None],
        *,
        lang: str,
        markdown: bool = False,
    ) -> dict[str, Any]:
        """``{name: text, "_name": {"extension": [...]}}`` for the text ``make(locale)`` gives, or
        ``{}`` when it gives None. ``lang`` is the resource's language: an element in another one
        (an English fallback) says so with the ``language`` extension. Each other locale with a
        catalog adds a ``translation`` when its text is a real one in a language not yet given."""
        main = make(self.locale)
        if main is None:
            return {}
        if self.require_reviewed and main.status is TextStatus.UNREVIEWED:
            main = make(SOURCE_LOCALE) or main
        extensions: list[dict[str, Any]] = []
        if main.lang != _MIXED and _primary(main.lang) != _primary(lang):
            extensions.append({"url": LANGUAGE_EXTENSION, "valueCode": main.lang})
        seen = {main.lang}
        kind = "valueMarkdown" if markdown else "valueString"
        for locale in self.library.locales():
            if locale == self.locale:
                continue
            with warnings.catch_warnings():  # a pack without this catalog: English, said below
                warnings.simplefilter("ignore", LocaleFallbackWarning)
                other = make(locale)
            if other is None or other.lang in seen or other.lang == _MIXED:
                continue
            if self.require_reviewed and other.status is TextStatus.UNREVIEWED:
                continue
            seen.add(other.lang)
            extensions.append(
                {
                    "url": TRANSLATION_EXTENSION,
                    "extension": [
                        {"url": "lang", "valueCode": other.lang},
                        {"url": "content", kind: other.text},
                    ],
                }
            )
        found: dict[str, Any] = {name: main.text}
        if extensions:
            found[f"_{name}"] = {"extension": extensions}
        return found

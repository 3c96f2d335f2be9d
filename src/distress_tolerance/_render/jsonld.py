"""schema.org JSON-LD for machine readers, embedded in the ``page`` format.

A technique's page is a ``MedicalWebPage`` whose ``mainEntity`` is the technique as a ``HowTo``:
its cautions first (``HowToTip``, as the page shows them before the steps), then its steps
(``HowToStep``, numbered as on the page). The first hour's page is a ``MedicalWebPage`` without a
``HowTo``: it is guidance on getting care, not a procedure to follow step by step.

Every claim comes from the data. ``inLanguage`` is the language the page is really in (English
when the locale fell back to it); a text in another language than its node (an untranslated
string on a translated page) is a language-tagged value. ``lastReviewed`` and ``reviewedBy``
appear only when the clinical review is complete and no text is an unreviewed translation.

:func:`script_json` serializes for a ``<script type="application/ld+json">`` element: nothing in
its output can end the element or open a comment, whatever the content holds.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from distress_tolerance._content.provenance import Review, ReviewStatus, Source
from distress_tolerance._i18n.locale import language_tag
from distress_tolerance._render.support import short
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.localized import (
    LocalizedFirstHour,
    LocalizedTechnique,
    LocalizedText,
    TextStatus,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from markupsafe import Markup

__all__ = [
    "first_hour_jsonld",
    "license_url",
    "page_jsonld",
    "review_complete",
    "script_json",
    "technique_jsonld",
]

CONTEXT = "https://schema.org"
"""The ``@context`` of every object."""

_LICENSES = {
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

_STATUS = {
    ReviewStatus.DRAFT: "Draft",
    ReviewStatus.IN_REVIEW: "InReview",
    ReviewStatus.REVIEWED: "Reviewed",
}

# Characters that could end the script element, open a comment or end a JavaScript string in an
# old parser, and lone surrogates (which could not be written as UTF-8): JSON \u escapes instead.
_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def script_json(data: object) -> Markup:
    """``data`` as JSON text that is safe inside ``<script type="application/ld+json">``.

    ``json.dumps`` (non-ASCII kept as it is), then every ``<``, ``>``, ``&``, U+2028, U+2029 and
    lone surrogate becomes a ``\\uXXXX`` escape: these only occur inside JSON strings, so
    ``json.loads`` gives back exactly ``data``, and no ``</script`` or ``<!--`` can appear. Only
    then is the text marked safe for an autoescaping template (escaping it as HTML would corrupt
    it: a script element's text is not unescaped). Raises ArgumentError for a value JSON cannot
    hold (a date, NaN).
    """
    from markupsafe import Markup

    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        msg = f"data must hold only JSON values: {exc}"
        raise ArgumentError(msg) from exc
    safe = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return Markup(safe)  # noqa: S704 (no character above can close the element: see the docstring)


def license_url(license_id: str) -> str | None:
    """The URL of a licence named by its SPDX id: Creative Commons' own page for a CC licence,
    SPDX's for any other id, None for a ``LicenseRef-`` id (which has no public page)."""
    if license_id in _LICENSES:
        return _LICENSES[license_id]
    if license_id.startswith("LicenseRef-"):
        return None
    return f"https://spdx.org/licenses/{license_id}.html"


def review_complete(review: Review, texts: Iterable[LocalizedText]) -> bool:
    """True when the clinical review is complete and none of ``texts`` (what the page shows) is a
    translation nobody has reviewed: only then may the page claim ``lastReviewed``."""
    return (
        review.status is ReviewStatus.REVIEWED
        and review.last_reviewed is not None
        and bool(review.reviewers)
        and all(text.status is not TextStatus.UNREVIEWED for text in texts)
    )


def technique_jsonld(
    technique: LocalizedTechnique, *, lang: str | None = None, stop_label: str | None = None
) -> dict[str, Any]:
    """A technique's page as a schema.org ``MedicalWebPage`` whose ``mainEntity`` is a ``HowTo``.

    ``lang`` is the language tag of the page (its ``<html lang>``; the technique's own by
    default); ``stop_label`` names the tip that says when to stop (the page's "Stop if:").
    Raises ArgumentError for something that is not a LocalizedTechnique and UnknownLocaleError
    for a malformed ``lang``.
    """
    _check(technique, LocalizedTechnique, "technique")
    page_lang = _page_lang(lang, technique.lang)
    root = technique.lang
    texts = _technique_texts(technique)
    howto: dict[str, Any] = {
        "@type": "HowTo",
        "identifier": technique.id,
        "version": technique.version,
        "name": _value(technique.title, root),
        "description": _value(technique.summary, root),
        "inLanguage": root,
        "totalTime": f"PT{technique.when.minutes}M",
        "step": [*_tips(technique, root, stop_label), *_steps(technique, root)],
        "citation": _citations(technique.sources, root),
        "creativeWorkStatus": _status(technique.review, texts),
    }
    _add_license(howto, technique.license)
    page = _page(technique.title, technique.summary, page_lang, technique.review, texts, technique.license)
    page["mainEntity"] = howto
    return page


def first_hour_jsonld(first_hour: LocalizedFirstHour, *, lang: str | None = None) -> dict[str, Any]:
    """The first hour's page as a schema.org ``MedicalWebPage``: no ``HowTo``, since it is not a
    procedure to follow (it says when to get care now and what helps meanwhile). Raises like
    :func:`technique_jsonld`."""
    _check(first_hour, LocalizedFirstHour, "first_hour")
    t = first_hour
    lang = _page_lang(lang, t.lang)
    texts = [t.title, t.summary, t.content_note, t.closing]
    for section in t.sections:
        texts += [section.heading, *(i.text for i in section.items)]
        texts += [] if section.intro is None else [section.intro]
    page = _page(t.title, t.summary, lang, t.review, texts, t.license)
    page["citation"] = _citations(t.sources, lang)
    page["creativeWorkStatus"] = _status(t.review, texts)
    return page


def page_jsonld(content: object, context: dict[str, Any]) -> Markup | None:
    """The JSON-LD of a page's content (a technique or the first hour) as :func:`script_json`
    text, in the page's language and with its labels; None for anything else."""
    lang = context["lang_tag"]
    if isinstance(content, LocalizedTechnique):
        label = context["_"]("Stop if:")
        return script_json(technique_jsonld(content, lang=lang, stop_label=label))
    if isinstance(content, LocalizedFirstHour):
        return script_json(first_hour_jsonld(content, lang=lang))
    return None


def _check(value: object, kind: type, name: str) -> None:
    if not isinstance(value, kind):
        msg = f"{name} must be a {kind.__name__} (from Library.localize...), not {short(value)}"
        raise ArgumentError(msg)


def _page_lang(lang: str | None, own: str) -> str:
    """The page's language tag: ``lang`` normalised (``es_MX`` is ``es-MX``), else the content's."""
    if lang is None:
        return own
    if not isinstance(lang, str):
        msg = f"lang must be a language tag such as 'es-MX' or None, not {short(lang)}"
        raise ArgumentError(msg)
    return language_tag(lang)


def _page(
    title: LocalizedText,
    summary: LocalizedText,
    lang: str,
    review: Review,
    texts: list[LocalizedText],
    license_id: str,
) -> dict[str, Any]:
    page: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "MedicalWebPage",
        "name": _value(title, lang),
        "description": _value(summary, lang),
        "inLanguage": lang,
        "dateModified": review.written.isoformat(),
        "isAccessibleForFree": True,
    }
    if review_complete(review, texts):
        assert review.last_reviewed is not None  # review_complete checked it
        page["lastReviewed"] = review.last_reviewed.isoformat()
        page["reviewedBy"] = [{"@type": "Person", "name": name} for name in review.reviewers]
    _add_license(page, license_id)
    return page


def _add_license(node: dict[str, Any], license_id: str) -> None:
    url = license_url(license_id)
    if url is not None:
        node["license"] = url


def _status(review: Review, texts: list[LocalizedText]) -> str:
    """``creativeWorkStatus``: the clinical review's status, but never ``Reviewed`` for a page
    that shows a translation nobody has reviewed."""
    if review.status is ReviewStatus.REVIEWED and not review_complete(review, texts):
        return "TranslationNotReviewed"
    return _STATUS[review.status]


def _value(text: LocalizedText | str, root: str, lang: str | None = None) -> str | dict[str, str]:
    """A text as a JSON-LD value: a plain string in its node's language (``root``, or that
    language's own text on a regional page, as the page's ``lang`` attributes do), else a
    language-tagged value."""
    if isinstance(text, LocalizedText):
        tag = text.lang
    else:  # a citation (``lang`` given) or a UI string that knows its language
        tag = lang if lang is not None else str(getattr(text, "lang", root))
    plain = str(text)
    if tag in {root, root.split("-", maxsplit=1)[0]}:
        return plain
    return {"@value": plain, "@language": tag}


def _tips(technique: LocalizedTechnique, root: str, stop_label: str | None) -> list[dict[str, Any]]:
    """The cautions, which the page shows before the steps: one tip each, and one for each
    signal to stop."""
    tips: list[dict[str, Any]] = []
    for caution in technique.cautions:
        tips.append({"@type": "HowToTip", "text": _value(caution.text, root)})
        if caution.stop_signal is not None:
            tip: dict[str, Any] = {"@type": "HowToTip", "text": _value(caution.stop_signal, root)}
            if stop_label:
                tip["name"] = _value(stop_label, root)
            tips.append(tip)
    return tips


def _steps(technique: LocalizedTechnique, root: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for position, step in enumerate(technique.steps, start=1):
        item: dict[str, Any] = {"@type": "HowToStep", "position": position, "text": _value(step.text, root)}
        if step.seconds:
            item["timeRequired"] = f"PT{step.seconds}S"
        steps.append(item)
    return steps


def _citations(sources: tuple[Source, ...], root: str) -> list[dict[str, Any]]:
    """The sources as creative works; citations are never translated (English, as the page marks them)."""
    cited: list[dict[str, Any]] = []
    for source in sources:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": _value(source.citation, root, "en")}
        if source.url is not None:
            work["url"] = str(source.url)
        cited.append(work)
    return cited


def _technique_texts(t: LocalizedTechnique) -> list[LocalizedText]:
    """Every text of the technique that the page shows."""
    texts = [t.title, t.summary, t.why]
    for caution in t.cautions:
        texts += [caution.text] + ([] if caution.stop_signal is None else [caution.stop_signal])
    for step in t.steps:
        texts += [step.text, *(sense.prompt for sense in step.senses)]
    for reframe in t.reframes:
        texts += [reframe.harsh, reframe.kinder]
    texts += [] if t.compassion_prompt is None else [t.compassion_prompt]
    return texts

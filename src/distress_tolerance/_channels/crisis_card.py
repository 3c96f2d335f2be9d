"""The crisis card: a short block of help a chat bot appends to a reply, in the reader's language.

It is built in Python from the crisis route's view (:mod:`distress_tolerance._render.crisis_view`,
the one every format lays out), never from a template, so no host template can drop or reword
it. Its wording comes from the catalogs (the ``crisis`` context, so ``require_reviewed`` holds);
its names and numbers come from the crisis data, exactly as stored.

The region is the one given or, as everywhere in the library, the locale's own (``es_MX``:
Mexico). With neither, the card names no number: it says to call the local emergency number or
go to the nearest emergency department, and to choose a region.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from distress_tolerance._i18n.locale import (
    foreign_tag,
    language_of,
    language_tag,
    parse_locale,
    text_direction,
)
from distress_tolerance._i18n.translate import content_locale, warn_if_untranslated
from distress_tolerance._render.formats import markdown_escape
from distress_tolerance._render.support import check_arguments, template_context
from distress_tolerance.exceptions import ArgumentError

if TYPE_CHECKING:
    from distress_tolerance._render.crisis_view import ContactView, ServiceView
    from distress_tolerance.library import Library

__all__ = ["MAX_CONTACTS", "CardContact", "CardService", "CrisisCard", "crisis_card"]

MAX_CONTACTS = 3
"""The contacts shown per service, in the data's order (a service's main contact comes first);
``Renderer.render_crisis`` shows them all."""

_LINK_SCHEMES = ("tel:", "sms:", "mailto:", "https:")


@dataclass(frozen=True)
class CardContact:
    """One way to reach help: ``label: value (details)``; ``href`` starts the call or text."""

    label: str
    value: str
    href: str | None
    details: tuple[str, ...] = ()
    separator: str = ", "
    """What separates the details: the reader's comma (``، `` in Arabic)."""
    value_lang: str = ""
    """The language of the words in ``value`` when it has some in another language than the
    reader's (a number spelled in words of another language), else ``""``."""
    detail_langs: tuple[str, ...] = ()
    """The language of each detail when it is not the reader's (a note or label a catalog does
    not translate stays English: ``en``), else ``""``; empty when no detail has one."""

    def line(self) -> str:
        """The contact as one plain line."""
        more = f" ({self.separator.join(self.details)})" if self.details else ""
        return f"{self.label}: {self.value}{more}"


@dataclass(frozen=True)
class CardService:
    """A crisis service: its name (``name_lang`` when not in the reader's language), what kind of
    service it is, and its first contacts."""

    name: str
    name_lang: str
    kind: str
    contacts: tuple[CardContact, ...]


@dataclass(frozen=True)
class CrisisCard:
    """The crisis card for one locale and region. ``str(card)`` is :meth:`text`."""

    locale: str
    """The locale its wording is in (``en`` where the locale has no catalog, and with
    ``require_reviewed`` where its crisis wording is not reviewed)."""
    region: str | None
    """The region whose lines and numbers it shows, or None."""
    title: str
    danger: str
    emergency_intro: str | None
    emergency: tuple[CardContact, ...]
    services: tuple[CardService, ...]
    notes: tuple[str, ...]
    """Without lines for the region: call the local emergency number, choose a region. Or a note
    that no line lists the reader's language."""

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number or address on the card, as stored, emergency numbers first."""
        return tuple(c.value for c in self.emergency) + tuple(
            c.value for s in self.services for c in s.contacts
        )

    def text(self) -> str:
        """The card as plain text (not escaped: escape it yourself to put it into markup)."""
        lines = [self.title, self.danger]
        if self.emergency_intro:
            lines.append(self.emergency_intro)
            lines += [f"- {c.line()}" for c in self.emergency]
        for service in self.services:
            lines.append(f"{service.name} ({service.kind})")
            lines += [f"- {c.line()}" for c in service.contacts]
        lines += self.notes
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def markdown(self) -> str:
        """The card as CommonMark: every value escaped, so it shows literally."""
        md = markdown_escape
        lines = [f"**{md(self.title)}**", "", md(self.danger)]
        if self.emergency_intro:
            lines += ["", md(self.emergency_intro), ""]
            lines += [f"- {md(c.line())}" for c in self.emergency]
        for service in self.services:
            lines += ["", f"**{md(service.name)}** ({md(service.kind)})", ""]
            lines += [f"- {md(c.line())}" for c in service.contacts]
        for note in self.notes:
            lines += ["", md(note)]
        return "\n".join(lines)

    def html(self) -> Markup:
        """The card as an HTML fragment (an ``<aside>``), every value escaped; numbers are links
        that start the call or text on a phone, marked ``dir="ltr"``. It is ``markupsafe.Markup``,
        like the renderer's ``html``: ``{{ card.html() }}`` in an autoescaped template inserts it
        as it is, never escaped twice."""
        lang = language_tag(self.locale)
        parts = [
            f'<aside class="dt-crisis-card" lang="{_e(lang)}" dir="{text_direction(self.locale)}">',
            f"<p><strong>{_e(self.title)}</strong></p>",
            f"<p>{_e(self.danger)}</p>",
        ]
        if self.emergency_intro:
            parts.append(f"<p>{_e(self.emergency_intro)}</p>")
            parts.append(_html_list(self.emergency))
        for service in self.services:
            name_lang = f' lang="{_e(service.name_lang)}"' if service.name_lang else ""
            parts.append(f"<p><strong{name_lang}>{_e(service.name)}</strong> ({_e(service.kind)})</p>")
            parts.append(_html_list(service.contacts))
        parts += [f"<p>{_e(note)}</p>" for note in self.notes]
        parts.append("</aside>")
        return Markup("\n".join(parts))  # noqa: S704 (every value above went through _e)


def crisis_card(
    locale: str,
    region: str | None = None,
    *,
    library: Library | None = None,
    require_reviewed: bool = False,
) -> CrisisCard:
    """The crisis card a bot appends to a reply for a reader of ``locale`` in ``region``.

    ``library`` defaults to the built-in one (``distress_tolerance.load()``). With
    ``require_reviewed``, crisis wording whose translation is not reviewed is in English. Raises
    UnknownLocaleError for a malformed locale, UnknownRegionError for a region that is not an
    ISO 3166-1 code, ArgumentError for arguments of the wrong type.
    """
    check_arguments(region=region, require_reviewed=require_reviewed, error=ArgumentError)
    if library is None:
        from distress_tolerance.library import load

        library = load()
    normal = parse_locale(locale)
    chosen = library.region_for(normal, region)
    translator = library.translator(None, normal)
    warn_if_untranslated(normal, translator)
    # like a rendering: a locale without a catalog is worded in English throughout
    shown = content_locale(translator)
    context = template_context(library, shown, chosen, 2, None, require_reviewed)
    route = context["route"]
    # English throughout when crisis wording must be reviewed and is not (``route.lang``)
    worded = route.lang or shown
    reader = language_of(worded)
    notes = ((route.language_note,) if route.language_note else ()) + route.no_region
    return CrisisCard(
        locale=worded,
        region=chosen,
        title=str(route.title),
        danger=str(route.danger),
        emergency_intro=str(route.emergency_intro) if route.emergency_intro else None,
        emergency=tuple(_contact(c, reader) for c in route.emergency),
        services=tuple(_service(view, reader) for view in route.services),
        notes=tuple(str(n) for n in notes),
    )


def _service(view: ServiceView, reader: str) -> CardService:
    lang = getattr(view.name, "lang", "") or ""
    return CardService(
        name=str(view.name),
        name_lang=foreign_tag(lang, reader),
        kind=str(view.kind),
        # the data's notes on hours and cost (often long) are left to the full route
        contacts=tuple(_contact(c, reader) for c in view.contacts[:MAX_CONTACTS]),
    )


def _contact(contact: ContactView, reader: str) -> CardContact:
    href = contact.href if contact.href and contact.href.startswith(_LINK_SCHEMES) else None
    details = tuple(str(d) for d in contact.short_details)
    tags = tuple(getattr(d, "lang", "") or "" for d in contact.short_details)
    langs = tuple(foreign_tag(tag, reader) for tag in tags)
    return CardContact(
        detail_langs=langs if any(langs) else (),
        label=str(contact.label),
        value=contact.value,
        href=href,
        details=details,
        separator=contact.separator,
        value_lang=contact.value_lang,
    )


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _html_list(contacts: tuple[CardContact, ...]) -> str:
    items = []
    for c in contacts:
        lang = f' lang="{_e(c.value_lang)}"' if c.value_lang else ""
        value = f'<bdi dir="ltr"{lang}>{_e(c.value)}</bdi>'
        if c.href:
            value = f'<a href="{_e(c.href)}" dir="ltr"{lang}>{_e(c.value)}</a>'
        langs = c.detail_langs or ("",) * len(c.details)
        shown = [
            f'<span lang="{_e(tag)}">{_e(d)}</span>' if tag else _e(d)
            for d, tag in zip(c.details, langs, strict=True)
        ]
        more = f" ({_e(c.separator).join(shown)})" if c.details else ""
        items.append(f"<li>{_e(c.label)}: {value}{more}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"

"""The crisis route as data every format lays out: emergency numbers first, then the region's lines.

Each label is defined here once, translated once per rendering through the context's
``pgettext`` (so ``require_reviewed`` holds for crisis wording), and keeps its language (``.lang``)
so HTML can mark an English fallback. Facts from the data keep theirs too: names and numbers as
the data gives them, and the notes on a contact translated through ``data_note`` (in the message
context ``crisis``, so ``require_reviewed`` holds for them too), else in English. The text,
Markdown and HTML templates and the SSML voice script all read this one view; none of them words
the route on its own.

Messages are extracted from this file (``pgettext`` calls) like the templates' own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from distress_tolerance._i18n.locale import SOURCE_LOCALE, foreign_tag, language_of, list_separator
from distress_tolerance._i18n.schedule import Schedule
from distress_tolerance._i18n.translate import Digits, MixedText, UIText
from distress_tolerance.models import (
    Audience,
    Contact,
    ContactMode,
    Cost,
    CrisisService,
    EmergencyNumber,
    EmergencyNumbers,
    EmergencyService,
    ServiceKind,
)

Gettext = Callable[..., str]
"""The context's ``gettext(msgid, **variables)`` or ``pgettext(context, msgid, **variables)``."""


@dataclass(frozen=True)
class ContactView:
    """One way to reach a service: ``label: value`` and the details after it."""

    label: str
    value: str
    href: str | None
    value_lang: str
    details: tuple[str, ...]
    separator: str = ", "
    """What separates the details in :meth:`line`: the reader's comma (``، `` in Arabic)."""
    short_details: tuple[str, ...] = ()
    """The details a short form (the crisis card) keeps: all but the data's notes on hours and
    cost, which are often long and are left to the full route."""

    def line(self, *, with_link: bool = False) -> str:
        """``label: value, details`` as one plain line; ``with_link`` adds a web address the value
        only names (``988lifeline.org <https://988lifeline.org/>``), for
        readers that cannot follow a link, such as a chat bot's retrieval index."""
        link = self.href if with_link and self.href and self.href.startswith("https://") else None
        value = self.value if link is None or link in self.value else f"{self.value} <{link}>"
        return "".join(text for text, _ in self._parts(value))

    @property
    def dialled(self) -> bool:
        """Whether the value is a phone number written with digits alone (a voice reads it digit
        by digit: "nine eight eight", never "nine hundred eighty-eight")."""
        return bool(self.href and self.href.startswith(("tel:", "sms:")) and _DIGITS.fullmatch(self.value))

    def parts(self) -> tuple[tuple[str, str], ...]:
        """:meth:`line` in parts, each with its language tag (``""``: the line's own); a
        :attr:`dialled` value is :class:`Digits`."""
        return self._parts(Digits(self.value) if self.dialled else self.value)

    def _parts(self, value: str) -> tuple[tuple[str, str], ...]:
        parts = [(str(self.label), _lang(self.label)), (": ", ""), (value, self.value_lang)]
        for detail in self.details:
            parts += [(self.separator, ""), (str(detail), _lang(detail))]
        return tuple(parts)


_DIGITS = re.compile(r"[+*#]?[0-9][0-9 ().-]*[0-9]|[0-9]")
_WORD = re.compile(r"[^\W\d_]")
"""A letter: a display with one spells a number in some language's words ("1-800-273-TALK")."""


def _lang(text: str) -> str:
    return getattr(text, "lang", "") or ""


@dataclass(frozen=True)
class ServiceView:
    """One service: its name, what kind it is, who it is for, the languages, and its contacts."""

    id: str
    name: str
    name_latin: str | None
    """The name in Latin script, if the data gives one; its ``lang`` is the name's language in
    Latin script (``ja-Latn``)."""
    kind: str
    about: tuple[str, ...]
    contacts: tuple[ContactView, ...]


@dataclass(frozen=True)
class RouteView:
    """The whole route. ``emergency`` is empty without a region or without numbers for it."""

    title: str
    danger: str
    emergency_intro: str | None
    emergency: tuple[ContactView, ...]
    services: tuple[ServiceView, ...]
    language_note: str | None
    expect_title: str | None
    expect: tuple[str, ...]
    no_region: tuple[str, ...]
    card: str = ""
    """The route in one short line, for a card (lock screen, widget, SMS): the region's main
    line and how to reach it, else its emergency number, else local emergency services."""
    lang: str = ""
    """The language the whole route is worded in when it is not the reader's (``en`` when
    crisis wording must be reviewed and is not), else empty."""

    def spoken(self, reader: str) -> tuple[tuple[str, str], ...]:
        """The route as plain sentences in reading order, each with its language tag (the voice
        script's lines): a sentence's own language when it has one, else :attr:`lang` for a line
        put together here (a contact, a service's name and kind), else ``reader``'s tag. A line put
        together here is a :class:`MixedText` whose parts say which of them (a service's name, a
        note from the data) are in another language."""

        def joined(parts: tuple[tuple[str, str], ...]) -> str:
            return MixedText(parts, self.lang)

        lines = [self.title, self.danger]
        if self.emergency_intro:
            lines.append(self.emergency_intro)
        lines += [joined(c.parts()) for c in self.emergency]
        for service in self.services:
            lines.append(
                joined(((service.name, _lang(service.name)), (": ", ""), (service.kind, _lang(service.kind))))
            )
            lines += list(service.about)
            lines += [joined(c.parts()) for c in service.contacts]
        if self.language_note:
            lines.append(self.language_note)
        if self.expect_title:
            lines += [self.expect_title, *self.expect]
        return tuple((line, _lang(line) or reader) for line in (*lines, *self.no_region))


def route_view(
    _: Gettext,
    pgettext: Gettext,
    *,
    data_note: Callable[[str], str],
    locale: str,
    services: tuple[CrisisService, ...],
    emergency: EmergencyNumbers | None,
    language_name: Callable[[str, str | None], str],
    schedule_label: Callable[[Contact], str],
    join: Callable[[list[str]], str] = ", ".join,
    at: dt.datetime | None = None,
    wording: str | None = None,
) -> RouteView:
    """The route for a reader of ``locale``, worded in ``wording`` (default: the reader's
    language; English when crisis wording must be reviewed and is not): ``data_note(text)``
    translates a note from the data (a :class:`UIText` that knows its language); ``language_name(tag,
    ours)`` names a language in it (``ours``: our catalogs' name, for the languages CLDR does not
    name in every language), ``schedule_label`` words a contact's hours, ``join`` lists names as its
    language does ("inglés y español"); with ``at``, each contact says if it is open."""
    reader = language_of(locale)
    worded = language_of(wording or locale)
    words = _Words(
        _,
        pgettext,
        data_note,
        language_name,
        _named_by_us(pgettext),
        schedule_label,
        join,
        reader,
        at,
        list_separator(worded),
    )
    answered = [s for s in services if s.answers_in(reader)]
    note = None
    if services and not answered:
        note = pgettext(
            "crisis",
            "None of these lines lists %(language)s among its languages. You can still contact them.",
            language=language_name(reader, None),
        )
    modes = {c.mode for s in services for c in s.contacts}
    expect: list[str] = []
    if ContactMode.CALL in modes:
        expect.append(
            pgettext(
                "crisis",
                "When you call, a trained person answers. You can say as much or as little as you like, "
                "and you can hang up at any time.",
            )
        )
    if modes & {ContactMode.TEXT, ContactMode.CHAT}:
        expect.append(
            pgettext(
                "crisis",
                "When you text or chat, a trained person writes back. "
                "The first reply can take a few minutes.",
            )
        )
    no_region: tuple[str, ...] = ()
    if not services:
        no_region = (
            pgettext(
                "crisis", "Call your local emergency number, or go to the nearest emergency department."
            ),
            pgettext("crisis", "Choose your region to see crisis lines you can call or text."),
        )
    views = tuple(_service(words, s) for s in services)
    # ``first`` (the number for every service, else the ambulance's) leads, as its model documents.
    ordered = (
        (emergency.first, *(n for n in emergency.numbers if n is not emergency.first)) if emergency else ()
    )
    emergency_views = tuple(_emergency(words, n) for n in ordered)
    if views and views[0].contacts:
        first = views[0].contacts[0]
        how = " ".join((first.label, first.value))
        card = pgettext("crisis", "Need help now? %(name)s: %(how)s", name=views[0].name, how=how)
    elif emergency_views:
        card = pgettext("crisis", "In danger? Call %(number)s.", number=emergency_views[0].value)
    else:
        card = pgettext("crisis", "In danger? Call your local emergency number.")
    return RouteView(
        title=pgettext("crisis", "If you need help now"),
        danger=pgettext(
            "crisis",
            "If you are in danger or might act on thoughts of harming yourself, contact emergency "
            "services or a crisis line now. You do not have to go through this alone.",
        ),
        emergency_intro=pgettext("crisis", "In an emergency, call:") if emergency else None,
        emergency=emergency_views,
        services=views,
        language_note=note,
        expect_title=pgettext("crisis", "What happens when you reach out") if expect else None,
        expect=tuple(expect),
        no_region=no_region,
        card=card,
        lang="" if worded == reader else worded,
    )


def hours_label(_: Gettext, found: Schedule | None) -> str:
    """``24 hours, every day`` (``found`` None: always open) or ``Mon-Fri, 10:00-22:00 (Eastern
    Time)`` from the localized pieces of a schedule."""
    if found is None:
        return _("24 hours, every day")
    return _("%(days)s, %(times)s (%(zone)s)", days=found.days, times=found.times, zone=found.zone)


@dataclass(frozen=True)
class _Words:
    """What the helpers below word things with, for one reader."""

    gettext: Gettext
    pgettext: Gettext
    data_note: Callable[[str], str]
    """Translates a note from the data (a :class:`UIText`: it knows its language)."""
    language_name: Callable[[str, str | None], str]
    named_by_us: dict[str, str]
    schedule_label: Callable[[Contact], str]
    join: Callable[[list[str]], str]
    reader: str
    at: dt.datetime | None
    comma: str
    """What separates a contact's details (:func:`list_separator` of the reader's language)."""

    def languages(self, tags: tuple[str, ...]) -> str:
        return self.join([self.language_name(tag, self.named_by_us.get(tag)) for tag in tags])


def _named_by_us(pgettext: Gettext) -> dict[str, str]:
    """Languages the crisis data lists that CLDR does not name in every shipped language (nor,
    for Mandarin, in any): named by our catalogs, where the reader's CLDR data has no name.
    ``tests/test_crisis_data.py`` checks that every language the data lists gets a name."""
    return {
        "ase": pgettext("crisis", "American Sign Language"),
        "cmn": pgettext("crisis", "Mandarin Chinese"),
    }


def _emergency(words: _Words, number: EmergencyNumber) -> ContactView:
    pgettext = words.pgettext
    names = {
        EmergencyService.GENERAL: pgettext("crisis", "All emergency services"),
        EmergencyService.AMBULANCE: pgettext("crisis", "Ambulance"),
        EmergencyService.POLICE: pgettext("crisis", "Police"),
        EmergencyService.FIRE: pgettext("crisis", "Fire service"),
    }
    labels = [names[s] for s in number.services]
    label = UIText(words.join(labels), _common_lang(labels))
    return ContactView(label, number.number, number.href, "", (), words.comma)


def _service(words: _Words, service: CrisisService) -> ServiceView:
    _, pgettext = words.gettext, words.pgettext
    kinds = {
        ServiceKind.CRISIS_LINE: _("Crisis line"),
        ServiceKind.TEXT_SERVICE: _("Crisis text service"),
        ServiceKind.PEER_SUPPORT: _("Peer support and information, not a crisis line"),
    }
    about: list[str] = []
    audience = _audience(words, service.contacts[0]) if _same_audience(service) else None
    if audience:
        about.append(audience)
    about.append(
        pgettext("crisis", "Answers in: %(languages)s", languages=words.languages(service.languages))
    )
    contacts = tuple(
        _contact(words, c, service, per_contact_audience=audience is None) for c in service.contacts
    )
    return ServiceView(
        id=service.id,
        name=UIText(service.name, service.name_lang),
        name_latin=UIText(service.name_latin, f"{language_of(service.name_lang)}-Latn")
        if service.name_latin
        else None,
        kind=kinds[service.kind],
        about=tuple(about),
        contacts=contacts,
    )


def _contact(
    words: _Words, contact: Contact, service: CrisisService, *, per_contact_audience: bool
) -> ContactView:
    _, pgettext, at = words.gettext, words.pgettext, words.at
    modes = {
        ContactMode.CALL: _("Call"),
        ContactMode.TEXT: _("Text"),
        ContactMode.CHAT: _("Chat"),
        ContactMode.EMAIL: _("Email"),
        ContactMode.VIDEO: _("Video call"),
        ContactMode.TTY: _("TTY"),
    }
    details: list[str] = []
    if contact.note:  # where the number works, which option to choose: it belongs next to it
        details.append(words.data_note(contact.note))
    if contact.keyword:
        details.append(_("text the word %(word)s", word=contact.keyword))
    details.append(words.schedule_label(contact))
    long_notes: set[int] = set()  # where the notes on hours and cost sit: a card leaves them out
    if contact.hours.note:
        long_notes.add(len(details))
        details.append(words.data_note(contact.hours.note))
    costs = {
        Cost.FREE: _("free"),
        Cost.LOCAL_RATE: pgettext("crisis", "costs a local call"),
        Cost.STANDARD_RATE: pgettext("crisis", "standard rates apply"),
        Cost.MIXED: pgettext("crisis", "cost depends on the phone"),
    }
    if contact.cost in costs:
        details.append(costs[contact.cost])
    if contact.cost_note:
        long_notes.add(len(details))
        details.append(words.data_note(contact.cost_note))
    if per_contact_audience:
        audience = _audience(words, contact)
        if audience:
            details.append(audience)
    if contact.languages and tuple(contact.languages) != tuple(service.languages):
        names = words.languages(contact.languages)
        details.append(pgettext("crisis", "answers in: %(languages)s", languages=names))
    if contact.interpreters:
        details.append(pgettext("crisis", "interpreters for other languages"))
    if at is not None:
        details.append(
            pgettext("crisis", "open now") if contact.is_open(at) else pgettext("crisis", "closed now")
        )
    # A display of digits alone ("988", "*0767") has no language: a voice reads it in the reader's.
    shown_in = contact.display_lang or service.name_lang
    lang = foreign_tag(shown_in, words.reader) if _WORD.search(contact.display) else ""
    short = tuple(d for i, d in enumerate(details) if i not in long_notes)
    return ContactView(
        modes[contact.mode], contact.display, contact.href, lang, tuple(details), words.comma, short
    )


def _same_audience(service: CrisisService) -> bool:
    first = service.contacts[0]
    return all((c.audience, c.ages) == (first.audience, first.ages) for c in service.contacts)


def _audience(words: _Words, contact: Contact) -> str | None:
    """``For: young people, aged 5 to 25``; None when the contact is for everyone."""
    pgettext = words.pgettext
    names = {
        Audience.YOUTH: pgettext("crisis", "young people"),
        Audience.LGBTQ: pgettext("crisis", "LGBTQ+ people"),
        Audience.INDIGENOUS: pgettext("crisis", "Indigenous people"),
        Audience.VETERANS: pgettext("crisis", "veterans"),
        Audience.OLDER_PEOPLE: pgettext("crisis", "older people"),
        Audience.MEN: pgettext("crisis", "men"),
        Audience.WOMEN: pgettext("crisis", "women"),
        Audience.STUDENTS: pgettext("crisis", "students"),
    }
    who = [names[a] for a in contact.audience if a in names]
    if Audience.EVERYONE in contact.audience:
        who = []  # for everyone, whoever else it also serves
    ages = contact.ages
    if ages is not None:
        if ages.min is not None and ages.max is not None:
            who.append(pgettext("crisis", "aged %(min)s to %(max)s", min=ages.min, max=ages.max))
        elif ages.max is not None:
            who.append(pgettext("crisis", "up to age %(max)s", max=ages.max))
        else:
            who.append(pgettext("crisis", "aged %(min)s and over", min=ages.min))
    if not who:
        return None
    return pgettext("crisis", "For: %(who)s", who=words.join(who))


def _common_lang(labels: list[str]) -> str:
    langs = {getattr(label, "lang", "") for label in labels}
    return langs.pop() if len(langs) == 1 else SOURCE_LOCALE

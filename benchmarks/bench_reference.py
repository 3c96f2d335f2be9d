"""An independent reference for the render-speed goals of ``bench.py`` (goals 10 to 12).

Goal 4 times our own ``html/technique.html`` through a plain Jinja environment: it shows the cost
of our renderer around the template, but not the cost of the template itself, so it holds by
construction. The reference here is what a host would write by hand to show the same page: one
small Jinja template (:data:`TEMPLATE`) and the same page built with f-strings (:func:`fstring`),
both fed with **plain Python values** (dicts, lists, ``str``) prepared once, outside the timing,
by :func:`prepare`:

- the technique's texts from ``library.localize(...)``, dumped to plain strings;
- the interface labels ("Steps", "Stop if:", "About %(duration)s", ...) read with the standard
  library's ``gettext`` from the same compiled ``.mo`` catalog our renderer uses;
- step durations formatted once with Babel's ``format_timedelta`` (as a host would, or could
  hard-code them);
- the crisis route's strings for the region (title, emergency numbers, services, contacts and
  their details), read once from ``Renderer.context(...)["route"]`` and copied to plain dicts.

Neither the template nor the f-string code uses anything of ours. :func:`visible_words` gives the
text a reader sees (tags dropped with :mod:`html.parser`, entities decoded, whitespace ignored);
``bench.py`` checks, outside the timing, that ours and both references show the same words, and
fails the goal when they do not (a reference that shows less is no reference).

Limits, on purpose: the reference marks no ``lang`` on English fallbacks, has no ``aria`` ids and
does no argument checking, caching or locale resolution: it is the floor a render cannot go
under, not a competing implementation.
"""

from __future__ import annotations

import gettext
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

TEMPLATE = """\
{%- macro contact(c) -%}
<span>{{ c.label }}</span>: {% if c.href %}<a href="{{ c.href }}" dir="ltr">{{ c.value }}</a>\
{% else %}<span dir="ltr">{{ c.value }}</span>{% endif %}\
{% for d in c.details %} · <span>{{ d }}</span>{% endfor %}
{%- endmacro -%}
<article class="dt-technique" id="dt-{{ id }}" lang="{{ lang }}" dir="{{ dir }}">
<h2>{{ title }}</h2>
<p class="dt-summary">{{ summary }}</p>
{% for notice in notices %}<p class="dt-notice">{{ notice }}</p>
{% endfor %}<section class="dt-why">
<h3>{{ labels.why }}</h3>
<p>{{ why }}</p>
</section>
{% if cautions %}<section class="dt-cautions">
<h3>{{ labels.cautions }}</h3>
<ul>
{% for c in cautions %}<li class="dt-caution dt-caution-{{ c.kind }}">
<p>{{ c.text }}</p>
{% if c.stop_signal %}<p><strong>{{ labels.stop_if }}</strong> <span>{{ c.stop_signal }}</span></p>
{% endif %}</li>
{% endfor %}</ul>
</section>
{% endif %}<section class="dt-steps">
<h3>{{ labels.steps }}</h3>
<ol>
{% for s in steps %}<li class="dt-step">
<p>{{ s.text }}</p>
{% if s.duration %}<p class="dt-duration">{{ s.duration }}</p>
{% endif %}{% if s.senses %}<ul class="dt-senses">
{% for q in s.senses %}<li><span class="dt-sense">{{ q.label }}:</span> <span>{{ q.prompt }}</span></li>
{% endfor %}</ul>
{% endif %}</li>
{% endfor %}</ol>
</section>
{% if reframes %}<section class="dt-reframes">
<h3>{{ labels.reframes }}</h3>
<ul>
{% for r in reframes %}<li class="dt-reframe">
<p>{{ labels.instead }} <q>{{ r.harsh }}</q></p>
<p>{{ labels.try }} <q>{{ r.kinder }}</q></p>
</li>
{% endfor %}</ul>
</section>
{% endif %}{% if compassion_prompt %}<p class="dt-prompt">{{ compassion_prompt }}</p>
{% endif %}<section class="dt-crisis">
<h3>{{ route.title }}</h3>
<p>{{ route.danger }}</p>
{% if route.emergency %}<p class="dt-emergency-intro">{{ route.emergency_intro }}</p>
<ul class="dt-emergency">
{% for c in route.emergency %}<li>{{ contact(c) }}</li>
{% endfor %}</ul>
{% endif %}{% if route.services %}<ul class="dt-services">
{% for service in route.services %}<li>
<p><strong>{{ service.name }}</strong>{% if service.name_latin %} ({{ service.name_latin }}){% endif %}: \
<span>{{ service.kind }}</span></p>
<ul>
{% for line in service.about %}<li>{{ line }}</li>
{% endfor %}{% for c in service.contacts %}<li>{{ contact(c) }}</li>
{% endfor %}</ul>
</li>
{% endfor %}</ul>
{% endif %}{% if route.language_note %}<p>{{ route.language_note }}</p>
{% endif %}{% if route.expect %}<p><strong>{{ route.expect_title }}</strong>: \
{{ route.expect | join(" ") }}</p>
{% endif %}{% for line in route.no_region %}<p>{{ line }}</p>
{% endfor %}</section>
<footer class="dt-about">
<h3>{{ labels.sources }}</h3>
<ul class="dt-sources">
{% for citation in sources %}<li lang="en">{{ citation }}</li>
{% endfor %}</ul>
<p class="dt-license">{{ credit }}</p>
</footer>
</article>
"""
"""The minimal hand-written template: autoescaped Jinja over the plain values of :func:`prepare`."""


def _contact(c: dict[str, Any]) -> str:
    value = escape(c["value"])
    shown = (
        f'<a href="{escape(c["href"])}" dir="ltr">{value}</a>'
        if c["href"]
        else f'<span dir="ltr">{value}</span>'
    )
    details = "".join(f" · <span>{escape(d)}</span>" for d in c["details"])
    return f"<span>{escape(c['label'])}</span>: {shown}{details}"


def fstring(d: dict[str, Any]) -> str:  # noqa: PLR0912, PLR0915 (one straight page)
    """The page of :data:`TEMPLATE`, built with f-strings and ``html.escape`` (no template engine)."""
    labels = d["labels"]
    out = [
        f'<article class="dt-technique" id="dt-{escape(d["id"])}" lang="{escape(d["lang"])}" '
        f'dir="{d["dir"]}">\n'
        f'<h2>{escape(d["title"])}</h2>\n<p class="dt-summary">{escape(d["summary"])}</p>\n'
    ]
    out += [f'<p class="dt-notice">{escape(n)}</p>\n' for n in d["notices"]]
    out.append(
        f'<section class="dt-why">\n<h3>{escape(labels["why"])}</h3>\n<p>{escape(d["why"])}</p>\n</section>\n'
    )
    if d["cautions"]:
        out.append(f'<section class="dt-cautions">\n<h3>{escape(labels["cautions"])}</h3>\n<ul>\n')
        for c in d["cautions"]:
            out.append(
                f'<li class="dt-caution dt-caution-{escape(c["kind"])}">\n<p>{escape(c["text"])}</p>\n'
            )
            if c["stop_signal"]:
                out.append(
                    f"<p><strong>{escape(labels['stop_if'])}</strong> "
                    f"<span>{escape(c['stop_signal'])}</span></p>\n"
                )
            out.append("</li>\n")
        out.append("</ul>\n</section>\n")
    out.append(f'<section class="dt-steps">\n<h3>{escape(labels["steps"])}</h3>\n<ol>\n')
    for s in d["steps"]:
        out.append(f'<li class="dt-step">\n<p>{escape(s["text"])}</p>\n')
        if s["duration"]:
            out.append(f'<p class="dt-duration">{escape(s["duration"])}</p>\n')
        if s["senses"]:
            out.append('<ul class="dt-senses">\n')
            out += [
                f'<li><span class="dt-sense">{escape(q["label"])}:</span> '
                f"<span>{escape(q['prompt'])}</span></li>\n"
                for q in s["senses"]
            ]
            out.append("</ul>\n")
        out.append("</li>\n")
    out.append("</ol>\n</section>\n")
    if d["reframes"]:
        out.append(f'<section class="dt-reframes">\n<h3>{escape(labels["reframes"])}</h3>\n<ul>\n')
        for r in d["reframes"]:
            out.append(
                f'<li class="dt-reframe">\n<p>{escape(labels["instead"])} <q>{escape(r["harsh"])}</q></p>\n'
                f"<p>{escape(labels['try'])} <q>{escape(r['kinder'])}</q></p>\n</li>\n"
            )
        out.append("</ul>\n</section>\n")
    if d["compassion_prompt"]:
        out.append(f'<p class="dt-prompt">{escape(d["compassion_prompt"])}</p>\n')
    route = d["route"]
    out.append(
        f'<section class="dt-crisis">\n<h3>{escape(route["title"])}</h3>\n<p>{escape(route["danger"])}</p>\n'
    )
    if route["emergency"]:
        out.append(
            f'<p class="dt-emergency-intro">{escape(route["emergency_intro"])}</p>\n'
            '<ul class="dt-emergency">\n'
        )
        out += [f"<li>{_contact(c)}</li>\n" for c in route["emergency"]]
        out.append("</ul>\n")
    if route["services"]:
        out.append('<ul class="dt-services">\n')
        for service in route["services"]:
            latin = f" ({escape(service['name_latin'])})" if service["name_latin"] else ""
            out.append(
                f"<li>\n<p><strong>{escape(service['name'])}</strong>{latin}: "
                f"<span>{escape(service['kind'])}</span></p>\n<ul>\n"
            )
            out += [f"<li>{escape(line)}</li>\n" for line in service["about"]]
            out += [f"<li>{_contact(c)}</li>\n" for c in service["contacts"]]
            out.append("</ul>\n</li>\n")
        out.append("</ul>\n")
    if route["language_note"]:
        out.append(f"<p>{escape(route['language_note'])}</p>\n")
    if route["expect"]:
        expect = " ".join(escape(line) for line in route["expect"])
        out.append(f"<p><strong>{escape(route['expect_title'])}</strong>: {expect}</p>\n")
    out += [f"<p>{escape(line)}</p>\n" for line in route["no_region"]]
    out.append(
        f'</section>\n<footer class="dt-about">\n<h3>{escape(labels["sources"])}</h3>\n'
        '<ul class="dt-sources">\n'
    )
    out += [f'<li lang="en">{escape(citation)}</li>\n' for citation in d["sources"]]
    out.append(f'</ul>\n<p class="dt-license">{escape(d["credit"])}</p>\n</footer>\n</article>\n')
    return "".join(out)


# --------------------------------------------------------------------------------------------
# The data, prepared once (never timed)

_SENSES = {"sight": "Sight", "hearing": "Hearing", "smell": "Smell", "taste": "Taste", "touch": "Touch"}
_LABELS = {
    "why": "Why it helps",
    "cautions": "Before you start",
    "stop_if": "Stop if:",
    "steps": "Steps",
    "reframes": "Kinder ways to talk to yourself",
    "instead": "Instead of:",
    "try": "Try:",
    "sources": "Sources",
}
_CREDIT = (
    "DBT-informed self-help content from the distress_tolerance project, licensed %(license)s. "
    "It does not replace care from a professional."
)


def catalog(locales: Path, locale: str) -> gettext.NullTranslations:
    """The compiled catalog of ``locale`` read by the standard library (English: none)."""
    mo = locales / locale / "LC_MESSAGES" / "distress_tolerance.mo"
    if not mo.is_file():
        return gettext.NullTranslations()
    with mo.open("rb") as f:
        return gettext.GNUTranslations(f)


def _duration(seconds: int, locale: str) -> str:
    """A step's duration as a host would word it with Babel (seconds under two minutes)."""
    import datetime as dt

    from babel.dates import format_timedelta

    threshold = 2.0 if seconds < 120 else 0.85
    return format_timedelta(dt.timedelta(seconds=seconds), threshold=threshold, locale=locale)


def _route(route: Any) -> dict[str, Any]:
    """The crisis route's strings as plain dicts, lists and ``str`` (no objects of ours)."""

    def contact(c: Any) -> dict[str, Any]:
        return {
            "label": str(c.label),
            "value": str(c.value),
            "href": None if c.href is None else str(c.href),
            "details": [str(d) for d in c.details],
        }

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "title": str(route.title),
        "danger": str(route.danger),
        "emergency_intro": text(route.emergency_intro),
        "emergency": [contact(c) for c in route.emergency],
        "services": [
            {
                "name": str(s.name),
                "name_latin": text(s.name_latin),
                "kind": str(s.kind),
                "about": [str(line) for line in s.about],
                "contacts": [contact(c) for c in s.contacts],
            }
            for s in route.services
        ],
        "language_note": text(route.language_note),
        "expect_title": text(route.expect_title),
        "expect": [str(line) for line in route.expect],
        "no_region": [str(line) for line in route.no_region],
    }


def prepare(renderer: Any, technique: str, locale: str, region: str | None, locales: Path) -> dict[str, Any]:
    """Everything the page shows, as plain values: from the library's data (``localize``, the
    crisis route), the compiled catalog (stdlib ``gettext``) and Babel, once."""
    library = renderer.library
    t = library.localize(technique, locale).model_dump(mode="json")
    tr = catalog(locales, locale)
    labels = {key: tr.gettext(msgid) for key, msgid in _LABELS.items()}
    senses = {key: tr.gettext(msgid) for key, msgid in _SENSES.items()}
    about = tr.gettext("About %(duration)s")
    context = renderer.context(locale, region=region)
    notices = []
    if t["review"]["status"] != "reviewed":
        notices.append(tr.gettext("Draft: not yet reviewed by a clinician."))
    first = library.first_hour()
    if first is not None and technique in first.techniques:
        after = "If you have just hurt yourself, see “%(title)s” first: it says when to get medical help."
        title = library.localize_first_hour(locale).title.text
        notices.append(tr.gettext(after) % {"title": title})
    caution_texts = [c[k] for c in t["cautions"] for k in ("text", "stop_signal") if c[k] is not None]
    if context["safety_english"] or t["safety_fallback"]:
        notices.append(
            tr.gettext(
                "Some safety information is shown in English because its translation "
                "has not been reviewed yet."
            )
        )
    elif context["safety_unreviewed"] or any(x["status"] == "unreviewed" for x in caution_texts):
        notices.append(tr.gettext("Some safety information is a translation that has not been reviewed yet."))

    def plain(value: dict[str, Any] | None) -> str | None:
        return None if value is None else str(value["text"])

    return {
        "id": t["id"],
        "lang": t["lang"],
        "dir": t["dir"],
        "title": plain(t["title"]),
        "summary": plain(t["summary"]),
        "notices": notices,
        "why": plain(t["why"]),
        "labels": labels,
        "cautions": [
            {"kind": c["kind"], "text": plain(c["text"]), "stop_signal": plain(c["stop_signal"])}
            for c in t["cautions"]
        ],
        "steps": [
            {
                "text": plain(s["text"]),
                "duration": about % {"duration": _duration(s["seconds"], locale)} if s["seconds"] else None,
                "senses": [
                    {"label": senses.get(q["sense"], tr.gettext("Body")), "prompt": plain(q["prompt"])}
                    for q in s["senses"]
                ],
            }
            for s in t["steps"]
        ],
        "reframes": [{"harsh": plain(r["harsh"]), "kinder": plain(r["kinder"])} for r in t["reframes"]],
        "compassion_prompt": plain(t["compassion_prompt"]),
        "route": _route(context["route"]),
        "sources": [str(s["citation"]) for s in t["sources"]],
        "credit": tr.gettext(_CREDIT) % {"license": t["license"]},
    }


# --------------------------------------------------------------------------------------------
# What a reader sees


_BLOCKS = frozenset(
    {
        "article",
        "section",
        "footer",
        "header",
        "div",
        "p",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
    }
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_words(html: str) -> list[str]:
    """The words a reader sees in ``html``: tags dropped (block elements separate words), entities
    decoded, whitespace ignored."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).split()


def first_difference(ours: list[str], reference: list[str]) -> str:
    """Where two word sequences part, shown with a little context."""
    for index, (a, b) in enumerate(zip(ours, reference, strict=False)):
        if a != b:
            start = max(0, index - 4)
            return (
                f"word {index}: ours {' '.join(ours[start : index + 4])!r}, "
                f"reference {' '.join(reference[start : index + 4])!r}"
            )
    return f"ours has {len(ours)} words, the reference {len(reference)}"

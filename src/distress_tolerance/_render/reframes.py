"""The reframe bank, localized: list reframes by theme, draw one, render them with a pointer to help.

A reframe's texts are looked up with the msgctxt ``reframes.<id>.harsh`` and
``reframes.<id>.kinder`` (the same contexts the extractor writes and technique pages use).
Someone in crisis may read a reframe on its own, so every rendering ends with a line that
points to crisis help.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from distress_tolerance._i18n.locale import language_tag, parse_locale, text_direction
from distress_tolerance._i18n.translate import localize_reframe, warn_if_untranslated
from distress_tolerance._render.support import check_options
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.localized import LocalizedReframe
from distress_tolerance.models import ReframeTheme
from distress_tolerance.render import mark_escaped, render_template

if TYPE_CHECKING:
    from distress_tolerance.library import Library
    from distress_tolerance.render import Renderer

__all__ = ["draw_reframe", "localized_reframes", "render_reframes"]


def localized_reframes(
    library: Library, *, theme: ReframeTheme | str | None = None, locale: str = "en"
) -> tuple[LocalizedReframe, ...]:
    """Every reframe of the bank (or of one theme) in ``locale``, in theme order, then by id.

    Raises ArgumentError for an unknown theme and UnknownLocaleError for a malformed locale.
    """
    normal = parse_locale(locale)
    # The UI translator reads every pack's catalogs (hosts' first), so it finds every reframe.
    translator = library.translator(None, normal)
    warn_if_untranslated(normal, translator)
    order = {member: index for index, member in enumerate(ReframeTheme)}
    items = sorted(library.reframes(theme=theme), key=lambda r: (order[r.theme], r.id))
    return tuple(localize_reframe(r, translator) for r in items)


def draw_reframe(
    library: Library,
    *,
    theme: ReframeTheme | str | None = None,
    locale: str = "en",
    rng: random.Random | None = None,
) -> LocalizedReframe:
    """One reframe, chosen at random (reproducibly with a seeded ``rng``), in ``locale``.

    Raises ArgumentError for an unknown theme or when no reframe has it (or the bank is empty).
    """
    bank = library.reframes(theme=theme)  # id order, so a seed always draws the same one
    if not bank:
        msg = "the reframe bank is empty" if theme is None else f"no reframe has the theme {theme!r}"
        raise ArgumentError(msg)
    chooser = rng if rng is not None else random.Random()  # noqa: S311 (not for security)
    normal = parse_locale(locale)
    translator = library.translator(None, normal)
    warn_if_untranslated(normal, translator)
    return localize_reframe(chooser.choice(bank), translator)


def render_reframes(
    renderer: Renderer,
    reframes: Sequence[LocalizedReframe],
    *,
    locale: str = "en",
    format: str = "text",  # noqa: A002 (the name users expect)
    grouped: bool = False,
    help_command: str | None = None,
    heading_level: int = 2,
    region: str | None = None,
) -> str:
    """Render reframes as ``text`` or ``html``, ending with a one-line pointer to crisis help, or
    with the whole crisis route for ``region`` when a thought is a ``risk`` one (hopelessness,
    being a burden, being alone).

    ``grouped`` shows the reframes under a heading per theme (a listing of the bank); otherwise
    they are shown on their own (a drawn reframe). ``help_command`` is a command that shows
    crisis lines (the CLI passes ``distress-tolerance crisis ...``); without it the pointer names
    crisis lines and local emergency numbers. ``html`` is ``markupsafe.Markup``. Raises RenderError
    for an unknown format or a broken template.
    """
    names = {"text": "text/reframe.txt", "html": "html/reframe.html"}
    check_options(format, list(names), heading_level)
    normal = parse_locale(locale)
    groups: list[tuple[ReframeTheme, list[LocalizedReframe]]] = []
    for reframe in reframes:
        if groups and groups[-1][0] is reframe.theme:
            groups[-1][1].append(reframe)
        else:
            groups.append((reframe.theme, [reframe]))
    context: dict[str, Any] = renderer.context(normal, region=region, heading_level=heading_level)
    context.update(
        risk=any(r.risk for r in reframes),
        reframes=tuple(reframes),
        groups=tuple((theme, tuple(items)) for theme, items in groups),
        grouped=grouped,
        help_command=help_command,
        root_lang=language_tag(normal),
        dir=text_direction(normal),
    )
    out = render_template(renderer.environment, names[format], context)
    return mark_escaped(out) if format == "html" else out

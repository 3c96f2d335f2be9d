"""The reframe bank, localized: list reframes by theme, draw one, render them with a pointer to help.

A reframe's texts are looked up with the msgctxt ``reframes.<id>.harsh`` and
``reframes.<id>.kinder`` (the same contexts the extractor writes and technique pages use).
Someone in crisis may read a reframe on its own, so every rendering ends with a line that
points to crisis help.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from distress_tolerance._i18n.locale import parse_locale
from distress_tolerance._i18n.translate import localize_reframe, warn_if_untranslated
from distress_tolerance.exceptions import ArgumentError
from distress_tolerance.localized import LocalizedReframe
from distress_tolerance.models import ReframeTheme

if TYPE_CHECKING:
    from distress_tolerance.library import Library

__all__ = ["draw_reframe", "localized_reframes"]


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

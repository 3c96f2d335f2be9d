"""Interface labels every format shares, each defined once here and translated through the
rendering's own ``gettext`` (so Markdown escapes them, and in HTML each one knows its language:
an English fallback gets ``lang="en"`` through the ``lang`` macro).

The msgids below are extracted like the templates' (``_tools/pot.py`` lists this module); ``_``
here only marks them.
"""

from __future__ import annotations

from collections.abc import Callable

from distress_tolerance._i18n.locale import language_of

__all__ = ["SENSE_LABELS", "Labels"]


def _(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated when a rendering asks for it."""
    return msgid


SENSE_LABELS: dict[str, str] = {
    "sight": _("Sight"),
    "hearing": _("Hearing"),
    "smell": _("Smell"),
    "taste": _("Taste"),
    "touch": _("Touch"),
    "body": _("Body"),
}
"""The name of each sense a step may point attention at (``Sense`` values)."""


_ABOUT = _("About %(duration)s")


class Labels:
    """The labels of one rendering: ``labels.sense(q.sense)``, ``labels.duration(s.seconds)``.

    ``gettext`` is the rendering's (``_`` of the template context); ``about_lang`` the language
    "About %(duration)s" was found in; ``format_duration(seconds, locale)`` words a duration
    ("10 minutes", "10 minutos"). A duration is worded in the language of the words around it,
    so an English fallback never reads "About 10 minuti".
    """

    __slots__ = ("_about_lang", "_format_duration", "_gettext", "_locale")

    def __init__(
        self,
        gettext: Callable[..., str],
        format_duration: Callable[[int, str], str],
        *,
        locale: str,
        about_lang: str,
    ) -> None:
        self._gettext = gettext
        self._format_duration = format_duration
        self._locale = locale
        self._about_lang = about_lang

    def sense(self, sense: str) -> str:
        """The name of a sense (an unknown one is named as the body)."""
        return self._gettext(SENSE_LABELS.get(str(sense), SENSE_LABELS["body"]))

    def duration(self, seconds: int) -> str:
        """The words "About 10 minutes", in the rendering's language (all in English where it falls back)."""
        same = language_of(self._about_lang) == language_of(self._locale)
        words = self._format_duration(seconds, self._locale if same else self._about_lang)
        return self._gettext(_ABOUT, duration=words)

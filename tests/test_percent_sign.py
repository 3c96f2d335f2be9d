"""A translator writes a percent sign in an interface string as ``%%`` (a lone ``%`` makes the
catalog reject the message: its placeholders would differ from the msgid's). Every format shows
it as one ``%``, with or without variables in the message."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import distress_tolerance as dt
from distress_tolerance import player

_Pack = Callable[[dict[tuple[str | None, str], str]], dt.Library]
_MESSAGES: dict[tuple[str | None, str], str] = {
    (None, "Steps"): "Passi 100%%",
    ("crisis", "If you need help now"): "Aiuto 50%%",
    (None, "Instead of:"): "Invece 10%%:",
    (None, "Breathe in"): "Inspira 20%%",
    (None, "About %(duration)s"): "Circa %(duration)s 30%%",
}


@pytest.mark.parametrize("fmt", ["html", "text", "markdown", "ssml", "page"])
def test_every_format_shows_a_percent_sign_once(fmt: str, italian_pack: _Pack) -> None:
    out = str(
        dt.Renderer(italian_pack(_MESSAGES)).render("paced-breathing", format=fmt, locale="it", region="US")
    )
    assert "%%" not in out
    assert "Aiuto 50%" in out
    if fmt != "ssml":  # a voice script speaks the steps, not their heading
        assert "Passi 100%" in out
        assert "30%" in out


def test_the_player_and_retrieval_show_a_percent_sign_once(italian_pack: _Pack) -> None:
    library = italian_pack(_MESSAGES)
    localized = library.localize("paced-breathing", "it")
    cues = player.timeline(localized, translator=library.translator(None, "it"))
    assert "Inspira 20%" in [str(c.text) for c in cues]
    texts = " ".join(d.text for d in dt.retrieval_documents(library, locale="it"))
    assert "%%" not in texts and "Invece 10%:" in texts

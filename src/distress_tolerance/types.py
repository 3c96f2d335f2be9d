"""Every type the public API takes or returns that is not a model of its own module.

The models live in :mod:`distress_tolerance.models` (content) and :mod:`distress_tolerance.localized`
(localized views); the errors in :mod:`distress_tolerance.exceptions`. The types here are what
public functions return (``suggest`` -> :class:`Suggestions` of :class:`Suggestion`,
``lint_pack`` -> :class:`Finding`, ...) and what ``Library`` methods take: import them from here
for type hints, never from the private modules they are defined in (those paths may change).

Like the package, this module imports nothing until a name is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from distress_tolerance._lazy import lazy_attributes

if TYPE_CHECKING:
    from distress_tolerance._channels.crisis_card import CardContact, CardService
    from distress_tolerance._channels.retrieval import (
        Citation,
        DocumentKind,
        DocumentReview,
        DocumentSafety,
    )
    from distress_tolerance._content.pack import Pack
    from distress_tolerance._i18n.translate import Translator, UIText
    from distress_tolerance._render.suggest import Suggestion, SuggestionReason, Suggestions
    from distress_tolerance._tools.crisis_check import CrisisCheck, RecordAge
    from distress_tolerance._tools.export import ExportEntry, ExportIndex
    from distress_tolerance._tools.i18n_stats import MessageCounts, ReviewState, TranslationStatus
    from distress_tolerance._tools.lint_rules import Finding

__all__ = [
    "CardContact",
    "CardService",
    "Citation",
    "CrisisCheck",
    "DocumentKind",
    "DocumentReview",
    "DocumentSafety",
    "ExportEntry",
    "ExportIndex",
    "Finding",
    "MessageCounts",
    "Pack",
    "RecordAge",
    "ReviewState",
    "Suggestion",
    "SuggestionReason",
    "Suggestions",
    "TranslationStatus",
    "Translator",
    "UIText",
]

_LAZY = {
    "CardContact": "distress_tolerance._channels.crisis_card",
    "CardService": "distress_tolerance._channels.crisis_card",
    "Citation": "distress_tolerance._channels.retrieval",
    "DocumentKind": "distress_tolerance._channels.retrieval",
    "DocumentReview": "distress_tolerance._channels.retrieval",
    "DocumentSafety": "distress_tolerance._channels.retrieval",
    "Pack": "distress_tolerance._content.pack",
    "Translator": "distress_tolerance._i18n.translate",
    "UIText": "distress_tolerance._i18n.translate",
    "Suggestion": "distress_tolerance._render.suggest",
    "SuggestionReason": "distress_tolerance._render.suggest",
    "Suggestions": "distress_tolerance._render.suggest",
    "CrisisCheck": "distress_tolerance._tools.crisis_check",
    "RecordAge": "distress_tolerance._tools.crisis_check",
    "ExportEntry": "distress_tolerance._tools.export",
    "ExportIndex": "distress_tolerance._tools.export",
    "MessageCounts": "distress_tolerance._tools.i18n_stats",
    "ReviewState": "distress_tolerance._tools.i18n_stats",
    "TranslationStatus": "distress_tolerance._tools.i18n_stats",
    "Finding": "distress_tolerance._tools.lint_rules",
}

if not TYPE_CHECKING:  # hidden from type checkers: a typo such as ``types.Sugestion`` fails mypy
    __getattr__ = lazy_attributes(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(__all__)

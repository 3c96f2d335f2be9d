"""The i18n layer: locales, catalogs, translators, localization of models and of values (hours, durations).

Knows nothing of rendering (docs/architecture.md).
"""

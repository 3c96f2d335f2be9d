"""Contributor and maintainer tooling: the i18n workflow, lint, export, build, schema.

Runtime layers never import it (docs/architecture.md).
"""

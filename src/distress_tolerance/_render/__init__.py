"""The render layer: what the Renderer needs (support, formats) and suggestions and reframes rendered.

Imports content, i18n and play; never tools or the CLI (docs/architecture.md).
"""

"""The content layer: pydantic models' building blocks, YAML read with line marks, pack location and loading.

Knows nothing of locales or rendering (docs/architecture.md).
"""

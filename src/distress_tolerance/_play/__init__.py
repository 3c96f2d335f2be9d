"""The play layer: guided-playback cues over localized content (docs/architecture.md)."""

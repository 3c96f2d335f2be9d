"""The command-line interface's commands: argument parsing and printing only.

Imported by distress_tolerance.cli alone (docs/architecture.md).
"""

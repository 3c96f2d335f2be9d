"""Channels beyond templates: retrieval documents, tool definitions, MCP, FHIR, reply checking."""

"""Safe-messaging rules shared by the linter (tooling) and the reply checker (runtime)."""

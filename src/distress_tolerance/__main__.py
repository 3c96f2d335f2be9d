"""``python -m distress_tolerance``: the same command line as ``distress-tolerance``."""

from distress_tolerance.cli import main

raise SystemExit(main())

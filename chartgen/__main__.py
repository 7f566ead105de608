"""`python -m chartgen`: the same as the `chartgen` command."""

from chartgen.cli import main

raise SystemExit(main())

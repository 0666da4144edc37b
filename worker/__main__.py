"""`python -m worker` is the `newsworker` command."""

from worker.cli import main

raise SystemExit(main())

"""``python -m server``: the same as the ``aula-server`` command."""

from server.cli import main

raise SystemExit(main())

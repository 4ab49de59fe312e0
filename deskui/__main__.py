"""``python -m deskui``."""

from deskui.cli import main

raise SystemExit(main())

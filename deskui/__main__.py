"""``python -m deskui``."""

from deskui.cli import main

if __name__ == "__main__":  # not when a helper process re-imports the main module
    raise SystemExit(main())

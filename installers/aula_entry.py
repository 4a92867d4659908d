"""Entry point of the frozen bundle: the same ``aula`` command as the installed package."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

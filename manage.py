#!/usr/bin/env python
"""Django's manage.py for developers; users run the `spets` command (same thing)."""

import sys

from spets.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""``python -m benchmarks``: run the suite (see benchmarks/__init__.py)."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())

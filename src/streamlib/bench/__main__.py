"""``python -m streamlib.bench``: run the suite (see streamlib/bench/__init__.py)."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())

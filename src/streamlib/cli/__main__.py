"""``python -m streamlib.cli``: the same as the ``streamlib`` command."""

import sys

from . import main

sys.exit(main())

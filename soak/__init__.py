"""Soak harness: run streamlib for many frames and prove memory and object counts stay flat.

``python -m soak`` runs the long form (``make soak``); ``run_soak`` is what the short
test in tests/reliability calls. Each run samples RSS, wgpu's Python and native object
counts, streamlib's live counts and pool statistics every K frames, writes a CSV and a
PNG plot, and fails when, after warm-up, RSS grows faster than the budget or any count
drifts.
"""

from ._analysis import Verdict as Verdict
from ._analysis import judge as judge
from ._probe import Sample as Sample
from ._runner import SoakConfig as SoakConfig
from ._runner import SoakResult as SoakResult
from ._runner import run_soak as run_soak

__all__ = ["Sample", "SoakConfig", "SoakResult", "Verdict", "judge", "run_soak"]

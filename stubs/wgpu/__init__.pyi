"""Type stubs for the subset of wgpu-py 0.32.0 used by streamlib.

wgpu ships no ``py.typed``. These stubs are checked against the installed
runtime with ``python -m mypy.stubtest wgpu --ignore-missing-stub``
(see tests/test_wgpu_stubs.py); names not declared here are simply absent
for mypy, everything declared matches the runtime signatures.
"""

from . import classes as classes, enums as enums, flags as flags
from ._coreutils import logger as logger
from ._diagnostics import DiagnosticsBase as DiagnosticsBase, diagnostics as diagnostics
from ._version import __version__ as __version__, version_info as version_info
from .classes import *
from .enums import *
from .flags import *

# The API entry point. At runtime this is replaced by the backend's GPU
# subclass (wgpu.backends.wgpu_native.GPU) when a backend is loaded.
gpu: GPU

"""The one flat hierarchy of streamlib errors, and the one place wgpu's errors are translated."""

from __future__ import annotations

import re

import wgpu

__all__ = [
    "AdapterNotFoundError",
    "BorrowExpiredError",
    "DeviceLostError",
    "GpuValidationError",
    "InvalidArgumentError",
    "PipelineError",
    "ResourceReleasedError",
    "ShaderCompileError",
    "StreamlibError",
    "translated",
]


class StreamlibError(Exception):
    """Base class of every error streamlib raises on purpose."""


class ResourceReleasedError(StreamlibError):
    """A released (or moved-from) owned resource was used."""


class BorrowExpiredError(ResourceReleasedError):
    """A borrowed handle was used after its owner released the resource."""


class ShaderCompileError(StreamlibError):
    """WGSL source failed to compile; the message shows the offending line."""


class InvalidArgumentError(StreamlibError, ValueError):
    """An argument has the wrong type, size, format or usage for the call."""


class GpuValidationError(StreamlibError):
    """wgpu rejected an operation that streamlib's own checks did not catch."""


class AdapterNotFoundError(StreamlibError):
    """No GPU adapter (not even a software one) could be found."""


class DeviceLostError(StreamlibError):
    """The GPU device was lost or destroyed; create a new GpuContext."""


class PipelineError(StreamlibError):
    """A pipeline was wired or run incorrectly (bad connection, failed processor)."""


# Tracebacks name them as users import them (``streamlib.PipelineError``), not by private module.
for _error in (
    StreamlibError,
    ResourceReleasedError,
    BorrowExpiredError,
    ShaderCompileError,
    InvalidArgumentError,
    GpuValidationError,
    AdapterNotFoundError,
    DeviceLostError,
    PipelineError,
):
    _error.__module__ = "streamlib"
del _error

_WGSL_LOCATION = re.compile(r"wgsl:(\d+):(\d+)")
_DEVICE_GONE = ("device is lost", "device is invalid", "parent device is lost", "device has been destroyed")


def _shader_message(what: str, detail: str) -> str:
    where = _WGSL_LOCATION.search(detail)
    at = f" at line {where.group(1)}, column {where.group(2)}" if where else ""
    return f"{what} failed to compile{at}; fix the WGSL source.\n{detail.strip()}"


def translated(exc: Exception, what: str, *, shader: bool = False) -> StreamlibError:
    """The streamlib error for a wgpu (or argument) error raised while doing ``what``.

    ``what`` names the operation and resource ("create_texture 'camera'"), so every
    message says what failed; ``exc`` is chained as ``__cause__``. Use as
    ``except Exception as exc: raise translated(exc, what)``: plain try/except keeps
    the hot path free of context-manager overhead.
    """
    if isinstance(exc, StreamlibError):
        return exc
    detail = str(exc)
    err: StreamlibError
    # Device loss first: wgpu reports it as a validation error, which for a shader would
    # otherwise read as "fix the WGSL source" when the WGSL is fine.
    if any(marker in detail.lower() for marker in _DEVICE_GONE):
        err = DeviceLostError(f"{what}: the GPU device is gone; create a new GpuContext.\n{detail}")
    elif isinstance(exc, wgpu.GPUValidationError) and shader:
        err = ShaderCompileError(_shader_message(what, detail))
    elif isinstance(exc, wgpu.GPUOutOfMemoryError):
        err = InvalidArgumentError(f"{what}: out of GPU memory; use smaller resources or release some.\n{detail}")
    elif isinstance(exc, wgpu.GPUValidationError):
        err = GpuValidationError(f"{what} was rejected by wgpu; check its arguments.\n{detail}")
    elif isinstance(exc, (KeyError, TypeError, ValueError)):
        err = InvalidArgumentError(f"{what}: invalid argument ({type(exc).__name__}: {detail}).")
    else:
        err = GpuValidationError(f"{what} failed inside wgpu ({type(exc).__name__}: {detail}).")
    err.__cause__ = exc
    return err

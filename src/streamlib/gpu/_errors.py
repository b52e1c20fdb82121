"""The one flat hierarchy of streamlib errors, and the one place wgpu's errors are translated."""

from __future__ import annotations

import operator
import re
from typing import SupportsIndex

import wgpu

__all__ = [
    "AdapterNotFoundError",
    "BorrowExpiredError",
    "DeviceLostError",
    "GpuValidationError",
    "InvalidArgumentError",
    "InvalidTypeError",
    "PipelineError",
    "ResourceReleasedError",
    "ShaderCompileError",
    "StreamlibError",
    "checked_int",
    "int_error",
    "label_error",
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
    """An argument has the wrong value, size, format or usage for the call (a ``ValueError``)."""


class InvalidTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type for the call (a ``TypeError``).

    A subclass of InvalidArgumentError, so ``except InvalidArgumentError`` catches every bad
    argument, and of ``TypeError``, which is what Python code expects for a wrong type.
    """


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
    InvalidTypeError,
    GpuValidationError,
    AdapterNotFoundError,
    DeviceLostError,
    PipelineError,
):
    _error.__module__ = "streamlib"
del _error


def int_error(what: str, name: str, value: object, low: int, high: int | None = None) -> InvalidArgumentError:
    """The error for ``value`` where ``what`` needs ``name`` to be an int in ``low..high``.

    InvalidTypeError for a non-int (a bool included: True is not a count), else
    InvalidArgumentError naming the range. Callers test the common case first and call
    this only to build the message, so no message is formatted on the hot path.
    """
    if high is not None:
        allowed = f"an int in {low}..{high}"
    else:
        allowed = "a positive int" if low == 1 else f"an int >= {low}"
    if not isinstance(value, int) or isinstance(value, bool):
        return InvalidTypeError(f"{what}: {name} must be {allowed}, got {type(value).__name__} {value!r}")
    return InvalidArgumentError(f"{what}: {name} must be {allowed}, got {value}")


def checked_int(what: str, name: str, value: object, low: int, high: int | None = None) -> int:
    """``value`` as a plain int in ``low..high``, else int_error; the slow path behind a ``type(x) is int`` test.

    Int subclasses (IntEnum) and integer types with ``__index__`` (numpy's) are accepted and
    converted, so wgpu always gets a Python int; a bool is refused.
    """
    if isinstance(value, bool) or not isinstance(value, SupportsIndex):
        raise int_error(what, name, value, low, high)
    number = operator.index(value)
    if number < low or (high is not None and number > high):
        raise int_error(what, name, number, low, high)
    return number


def label_error(what: str, label: object) -> InvalidTypeError:
    """The error for a ``label`` that is not a str (wgpu fails on it with an AttributeError)."""
    return InvalidTypeError(f"{what}: label must be a str, got {type(label).__name__} {label!r}")


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
    elif isinstance(exc, TypeError):
        err = InvalidTypeError(f"{what}: invalid argument ({type(exc).__name__}: {detail}).")
    elif isinstance(exc, (KeyError, ValueError)):
        err = InvalidArgumentError(f"{what}: invalid argument ({type(exc).__name__}: {detail}).")
    else:
        err = GpuValidationError(f"{what} failed inside wgpu ({type(exc).__name__}: {detail}).")
    err.__cause__ = exc
    return err

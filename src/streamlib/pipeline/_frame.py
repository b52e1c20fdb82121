"""VideoFrame: a texture shared by reference count, like Rust's ``Arc<Texture>``."""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections.abc import Mapping
from numbers import Real
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, final

from ..gpu._errors import InvalidArgumentError, InvalidTypeError, ResourceReleasedError, int_error
from ..gpu._handles import move_owned
from ..gpu._lifecycle import EndsOnExit, NoPublicConstructor, Token
from ..gpu._memory import BorrowedTexture, OwnedTexture

__all__ = ["VideoFrame"]

# One lock for all frames' counts: taken only to add or drop a reference, never
# while using a frame, so a frame carries no lock of its own.
_refs_lock = threading.Lock()
# Read-only, so every frame without metadata can share it.
_NO_METADATA: Mapping[str, str] = MappingProxyType({})


class _Shared:
    """What every reference to one frame shares: the texture and the count."""

    __slots__ = (
        "born",
        "data",
        "format",
        "frame_number",
        "height",
        "metadata",
        "refs",
        "texture",
        "timestamp",
        "width",
    )

    texture: OwnedTexture
    data: BorrowedTexture
    refs: int
    frame_number: int
    timestamp: float
    metadata: Mapping[str, str]
    width: int
    height: int
    format: str
    born: float  # time.perf_counter() when its source produced it: the runtime's latency origin


@final
class VideoFrame(EndsOnExit, metaclass=NoPublicConstructor):
    """One video frame: an owned reference to a shared texture plus its timing and metadata.

    Each ``VideoFrame`` object is one reference; ``clone()`` adds another, ``release()``
    drops this one. When the last reference goes, the texture is released (back to its
    pool, when it came from one) and every borrow of it (``frame.data``) expires.
    """

    __slots__ = ("_held", "_shared")

    _shared: _Shared
    _held: bool

    _no_constructor_hint: ClassVar[str] = (
        "make one with VideoFrame.from_texture(texture) (it takes ownership of the texture), or clone() a frame you hold"
    )

    if TYPE_CHECKING:  # a private token nobody outside can make: calling the class is a static error too

        def __init__(self, _token: Token, /) -> None: ...

    @classmethod
    def from_texture(
        cls,
        texture: OwnedTexture,
        *,
        frame_number: int = 0,
        timestamp: float = 0.0,
        metadata: Mapping[str, str] | None = None,
    ) -> VideoFrame:
        """A frame over ``texture``. Takes ownership of ``texture`` (the handle you passed is dead afterwards).

        Returns an owned frame: release it (or write it to a port, which takes it). Raises
        InvalidTypeError for anything but an OwnedTexture, a ``frame_number`` that is not an int,
        a ``timestamp`` that is not a number or ``metadata`` that is not a str-to-str mapping;
        InvalidArgumentError for a negative ``frame_number`` or a non-finite ``timestamp``;
        ResourceReleasedError when ``texture`` was already released or moved. Every argument is
        checked before the texture is taken: after any error the caller still owns ``texture``.
        """
        if not isinstance(texture, OwnedTexture):
            raise InvalidTypeError(
                f"VideoFrame.from_texture needs an OwnedTexture (it takes ownership), got {type(texture).__name__}"
            )
        # The per-frame case (an int, a float, no metadata) costs two type tests.
        if type(frame_number) is not int or frame_number < 0:
            frame_number = _checked_frame_number(frame_number)
        if type(timestamp) is not float or not math.isfinite(timestamp):
            timestamp = _checked_timestamp(timestamp, frame_number)
        meta = _NO_METADATA if metadata is None else _checked_metadata(metadata, frame_number)
        return cls._over(texture, frame_number, timestamp, meta, time.perf_counter())

    @classmethod
    def _over(
        cls, texture: OwnedTexture, frame_number: int, timestamp: float, metadata: Mapping[str, str], born: float
    ) -> VideoFrame:
        """A frame over ``texture`` (moved in) from arguments already checked; ``metadata`` is read-only."""
        shared = _Shared()
        shared.texture = moved = move_owned(texture, f"VideoFrame #{frame_number}")
        shared.data = moved._state  # streamlib: allow-borrow-escape (kept beside its owner, shared.texture)
        raw = moved.raw
        shared.width, shared.height, shared.format = raw.width, raw.height, str(raw.format)
        shared.refs = 1
        shared.frame_number = frame_number
        shared.timestamp = timestamp
        shared.metadata = metadata
        shared.born = born
        return cls._reference(shared)

    @classmethod
    def _reference(cls, shared: _Shared) -> VideoFrame:
        frame = object.__new__(cls)
        frame._shared = shared
        frame._held = True
        return frame

    # -- reading -------------------------------------------------------------------------

    @property
    def data(self) -> BorrowedTexture:
        """The frame's texture, borrowed: zero-copy, the same wgpu texture, valid while the frame lives.

        Raises ResourceReleasedError when this reference was released, or when its texture was
        released under it (``gpu.close()`` releases every texture the context owns).
        """
        data = self._shared.data
        if not self._held or data._raw is None:
            raise self._released_error()
        return data

    @property
    def width(self) -> int:
        return self._shared.width

    @property
    def height(self) -> int:
        return self._shared.height

    @property
    def format(self) -> str:
        return self._shared.format

    @property
    def frame_number(self) -> int:
        return self._shared.frame_number

    @property
    def timestamp(self) -> float:
        """Presentation time in seconds."""
        return self._shared.timestamp

    @property
    def produced_at(self) -> float:
        """When its source produced this frame, in ``time.perf_counter()`` seconds (monotonic).

        Set when the frame is made, and again when a source processor of a running pipeline
        writes it; ``clone()`` and ``clone_with_texture`` keep it, so a stage's latency
        (``ProcessorStats.latency``) is measured from the source however many stages made
        new textures on the way.
        """
        return self._shared.born

    @property
    def metadata(self) -> Mapping[str, str]:
        """Read-only string metadata."""
        return self._shared.metadata

    @property
    def released(self) -> bool:
        """True once this reference was released."""
        return not self._held

    @property
    def ref_count(self) -> int:
        """How many references to this frame are alive (0 once the texture is gone)."""
        return self._shared.refs

    # -- ownership -----------------------------------------------------------------------

    def clone(self) -> VideoFrame:
        """Another owned reference to this same frame (no pixels are copied): release it too.

        Raises ResourceReleasedError when this reference was released.
        """
        shared = self._shared
        with _refs_lock:
            if not self._held or shared.data._raw is None:
                raise self._released_error()
            shared.refs += 1
        return VideoFrame._reference(shared)

    def clone_with_texture(self, texture: OwnedTexture) -> VideoFrame:
        """A new frame with this frame's number, timestamp, metadata and ``produced_at`` over ``texture``.

        Takes ownership of ``texture``; this frame is left as it was. Returns an owned frame:
        release it (or write it to a port). Raises InvalidTypeError for anything but an
        OwnedTexture (``texture`` is then left to the caller), ResourceReleasedError when this
        frame or ``texture`` was released.
        """
        if not self._held:
            raise self._released_error()
        if not isinstance(texture, OwnedTexture):
            raise InvalidTypeError(
                f"VideoFrame.clone_with_texture needs an OwnedTexture (it takes ownership), got {type(texture).__name__}"
            )
        s = self._shared
        # This frame's values were checked when it was made, and its metadata is read-only: share it.
        return VideoFrame._over(texture, s.frame_number, s.timestamp, s.metadata, s.born)

    def release(self) -> None:
        """Drop this reference. Idempotent and thread-safe; the last one releases the texture."""
        shared = self._shared
        with _refs_lock:
            if not self._held:
                return
            self._held = False
            shared.refs -= 1
            last = shared.refs == 0
        if last:
            shared.texture.release()

    def _end(self) -> None:  # leaving a ``with`` block
        self.release()

    def __del__(self) -> None:
        try:
            if not self._held:
                return
            self.release()
            warnings.warn(
                f"VideoFrame #{self._shared.frame_number} was never released; streamlib released it when it was "
                f"garbage-collected. Call release() or use 'with'",
                ResourceWarning,
                stacklevel=2,
            )
        except Exception:
            pass

    def _released_error(self) -> ResourceReleasedError:
        number = self._shared.frame_number
        if self._held:  # this reference is held, but the texture went under it
            reason = self._shared.data._end_reason or "was released"
            return ResourceReleasedError(f"VideoFrame #{number} cannot be used: its texture {reason}")
        return ResourceReleasedError(
            f"VideoFrame #{number} was released; it cannot be used any more "
            f"(keep another reference with clone() to use a frame longer)"
        )

    def __repr__(self) -> str:
        s = self._shared
        state = "" if self._held else " released"
        return f"<VideoFrame #{s.frame_number} {s.width}x{s.height} {s.format} t={s.timestamp:.3f}{state}>"


def _checked_frame_number(frame_number: object) -> int:
    """``frame_number`` as an int >= 0 (an int subclass such as a numpy int is accepted), else the error."""
    if isinstance(frame_number, int) and not isinstance(frame_number, bool) and frame_number >= 0:
        return int(frame_number)
    if not isinstance(frame_number, (int, bool)) and hasattr(frame_number, "__index__"):  # numpy integers
        return _checked_frame_number(frame_number.__index__())
    raise int_error("VideoFrame.from_texture", "frame_number", frame_number, 0)


def _checked_timestamp(timestamp: object, frame_number: int) -> float:
    """``timestamp`` (seconds) as a finite float, else the error naming the frame."""
    what = f"VideoFrame.from_texture #{frame_number}"
    if isinstance(timestamp, bool) or not isinstance(timestamp, Real):
        raise InvalidTypeError(
            f"{what}: timestamp must be a number of seconds (a float), got {type(timestamp).__name__} {timestamp!r}"
        )
    value = float(timestamp)
    if not math.isfinite(value):
        raise InvalidArgumentError(f"{what}: timestamp must be a finite number of seconds, got {value}")
    return value


def _checked_metadata(metadata: object, frame_number: int) -> Mapping[str, str]:
    """A read-only copy of ``metadata``, a mapping of str to str, else the error naming the frame."""
    what = f"VideoFrame.from_texture #{frame_number}"
    if not isinstance(metadata, Mapping):
        raise InvalidTypeError(
            f"{what}: metadata must be a mapping of str to str (or None), got {type(metadata).__name__} {metadata!r}"
        )
    copy = dict(metadata)
    for key, value in copy.items():
        if type(key) is not str or type(value) is not str:
            if not isinstance(key, str) or not isinstance(value, str):
                raise InvalidTypeError(
                    f"{what}: metadata must map str to str (convert values with str()), got {key!r}: {value!r}"
                )
    if not copy:
        return _NO_METADATA
    return MappingProxyType(copy)

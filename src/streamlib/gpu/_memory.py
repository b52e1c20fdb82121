"""Buffers, textures and texture views: the kinds that hold GPU memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, final

import wgpu

from . import _native as native
from ._errors import translated
from ._handles import _Borrowed, _Owned, make_borrowed, make_owned
from ._tracking import FRESH_ATTR, VIEW_ATTR, Registry

__all__ = [
    "BorrowedBuffer",
    "BorrowedTexture",
    "BorrowedTextureView",
    "OwnedBuffer",
    "OwnedTexture",
    "OwnedTextureView",
]


class _BufferOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUBuffer: ...

    @property
    def size(self) -> int:
        """Size in bytes."""
        return self.raw.size

    @property
    def usage(self) -> int:
        """BufferUsage flags it was created with."""
        return int(self.raw.usage)


@final
class BorrowedBuffer(_BufferOps, _Borrowed[wgpu.GPUBuffer]):
    """A buffer someone else owns. Use it; never release it."""

    __slots__ = ()
    _kind = "Buffer"
    _destroys = True


@final
class OwnedBuffer(_BufferOps, _Owned[wgpu.GPUBuffer, BorrowedBuffer]):
    """A buffer you own: release() it (or use ``with``) to free its GPU memory now."""

    __slots__ = ()
    _borrowed_type = BorrowedBuffer


class _ViewOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUTextureView: ...

    @property
    def width(self) -> int:
        return self.raw.size[0]

    @property
    def height(self) -> int:
        return self.raw.size[1]

    @property
    def format(self) -> str:
        return str(self.raw.texture.format)


@final
class BorrowedTextureView(_ViewOps, _Borrowed[wgpu.GPUTextureView]):
    """A view of a texture someone else owns; expires with that texture's owner."""

    __slots__ = ()
    _kind = "TextureView"


@final
class OwnedTextureView(_ViewOps, _Owned[wgpu.GPUTextureView, BorrowedTextureView]):
    """A view you own; released at the latest with its texture, and never reported as a leak."""

    __slots__ = ()
    _borrowed_type = BorrowedTextureView
    _warn_on_gc = False


class _TextureOps:
    __slots__ = ()
    if TYPE_CHECKING:

        @property
        def raw(self) -> wgpu.GPUTexture: ...

    @property
    def width(self) -> int:
        return self.raw.width

    @property
    def height(self) -> int:
        return self.raw.height

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in texels."""
        raw = self.raw
        return raw.width, raw.height

    @property
    def format(self) -> str:
        """The texel format, a WebGPU string such as "rgba8unorm"."""
        return str(self.raw.format)

    @property
    def usage(self) -> int:
        """TextureUsage flags it was created with."""
        return int(self.raw.usage)


def _default_view(texture: wgpu.GPUTexture, registry: Registry[_Borrowed[Any]]) -> wgpu.GPUTextureView:
    """The default view of ``texture``, made once per wgpu texture (docs/architecture.md, "Caches").

    It is kept on the wgpu texture object itself, so it survives pool recycling (the next
    owner wraps the same wgpu texture) and goes with the texture: a destroy drops it.
    """
    attrs = texture.__dict__
    view: wgpu.GPUTextureView | None = attrs.get(VIEW_ATTR)
    if view is not None:
        if FRESH_ATTR in attrs:  # asked for again: bind groups over it are worth caching now
            attrs.pop(FRESH_ATTR, None)
        return view
    try:
        view = native.default_view(texture)
    except Exception as exc:
        raise translated(exc, f"create_view of texture {texture.label!r}") from exc
    attrs[VIEW_ATTR] = view
    attrs[FRESH_ATTR] = True
    registry.views += 1
    return view


def _view_of(texture: wgpu.GPUTexture, format: str | None, label: str) -> wgpu.GPUTextureView:
    try:
        if format is None:
            return texture.create_view(label=label)
        return texture.create_view(format=format, label=label)
    except Exception as exc:
        raise translated(exc, f"create_view of texture {texture.label!r}") from exc


@final
class BorrowedTexture(_TextureOps, _Borrowed[wgpu.GPUTexture]):
    """A texture someone else owns (a frame's pixels, say). Use it; never release it."""

    __slots__ = ()
    _kind = "Texture"
    _destroys = True

    def create_view(self, *, format: str | None = None, label: str = "") -> BorrowedTextureView:
        """A view of this texture; it expires together with this borrow (no release needed).

        The default view (no format, no label) is made once per wgpu texture and reused.
        """
        raw = self.raw
        if format is None and not label and self._registry.caching:
            return make_borrowed(BorrowedTextureView, _default_view(raw, self._registry), "", self._registry, (self,))
        return make_borrowed(BorrowedTextureView, _view_of(raw, format, label), label, self._registry, (self,))


@final
class OwnedTexture(_TextureOps, _Owned[wgpu.GPUTexture, BorrowedTexture]):
    """A texture you own: release() it (or use ``with``) to free its GPU memory now."""

    __slots__ = ()
    _borrowed_type = BorrowedTexture

    def create_view(self, *, format: str | None = None, label: str = "") -> OwnedTextureView:
        """An owned view of this texture, released at the latest with the texture: release it when done.

        Passing it inline to create_bind_group is fine: the bind group keeps it alive. The
        default view (no format, no label) is made once per wgpu texture, pooled textures
        included: each call returns a new handle over that one wgpu view, and releasing a
        handle ends that handle only (docs/architecture.md, "Caches").
        """
        b = self._state
        raw = b._raw
        if raw is None or format is not None:
            return make_owned(OwnedTextureView, _view_of(self.raw, format, label), label, b._registry, (b,))
        if not label and b._registry.caching:
            # The default view is made once per wgpu texture; releasing this handle ends the
            # handle, the wgpu view stays with the texture (docs/architecture.md, "Caches").
            return make_owned(OwnedTextureView, _default_view(raw, b._registry), "", b._registry, (b,))
        try:
            view = raw.create_view(label=label)
        except Exception as exc:
            raise translated(exc, f"create_view of texture {b._label!r}") from exc
        return make_owned(OwnedTextureView, view, label, b._registry, (b,))

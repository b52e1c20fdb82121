"""Textures streamlib does not own but may draw into for a moment: a window's surface texture."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import wgpu

from ._context import GpuContext
from ._handles import make_borrowed
from ._memory import BorrowedTexture

__all__ = ["lent_texture"]


@contextmanager
def lent_texture(gpu: GpuContext, raw: wgpu.GPUTexture, label: str, *, ends: str) -> Iterator[BorrowedTexture]:
    """A borrow of ``raw``, a texture someone outside streamlib owns (a window's surface texture),
    valid inside the ``with`` block; it expires on leaving it (R4), its end reason ``ends``.

    No owner tracks it and nothing is released: the texture's owner (the surface) ends it. It
    lets the owner's texture take part in streamlib calls (a render pass's color attachment)
    with the usual checks: a command buffer recorded with it and submitted after the block
    raises BorrowExpiredError instead of reaching wgpu with a presented texture.
    """
    borrowed = make_borrowed(BorrowedTexture, raw, label, gpu._registry)
    state: Any = borrowed
    try:
        yield borrowed
    finally:
        state._raw = None
        state._end_reason = ends

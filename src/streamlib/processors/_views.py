"""Views for one frame's bindings, made without an owned handle each."""

from __future__ import annotations

from ..gpu._memory import BorrowedTexture, BorrowedTextureView, OwnedTexture
from ..gpu._protocols import Texture

__all__ = ["frame_view"]


def frame_view(texture: Texture) -> BorrowedTextureView:
    """The default view of ``texture`` as a borrow, for a binding that lives one frame.

    An owned texture's ``create_view()`` makes an OwnedTextureView: registered as live and
    released only when collected, every frame. A borrow's view is neither, and is the same
    cached wgpu view (docs/architecture.md, "Caches"); it expires with the texture's owner.
    """
    if type(texture) is OwnedTexture:
        return texture.borrow().create_view()
    # A borrowed handle is its own state; anything else goes on as given, for create_view to refuse.
    borrowed: BorrowedTexture = getattr(texture, "_state", texture)  # type: ignore[arg-type]
    return borrowed.create_view()

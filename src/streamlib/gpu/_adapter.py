"""Adapter selection: which GPU a GpuContext opens (backend argument, $STREAMLIB_BACKEND, or wgpu's pick)."""

from __future__ import annotations

import os
from typing import Literal

import wgpu

from ._errors import AdapterNotFoundError, InvalidArgumentError

__all__ = ["BACKEND_ENV", "PowerPreference", "pick_adapter"]

BACKEND_ENV = "STREAMLIB_BACKEND"
_BACKENDS = {
    "vulkan": "Vulkan",
    "gl": "OpenGL",
    "opengl": "OpenGL",
    "metal": "Metal",
    "dx12": "D3D12",
    "d3d12": "D3D12",
}
_INSTALL_HINT = (
    "On Linux without a GPU, install Mesa's software drivers: 'apt-get install mesa-vulkan-drivers' "
    "(Vulkan llvmpipe) or 'apt-get install libegl-mesa0 libgl1-mesa-dri' (OpenGL). "
    "Run 'streamlib doctor' to list the adapters wgpu can see."
)
PowerPreference = Literal["high-performance", "low-power"]


def pick_adapter(backend: str | None, power_preference: PowerPreference) -> wgpu.GPUAdapter:
    """The adapter to open: ``backend``'s (else ``$STREAMLIB_BACKEND``'s), or wgpu's default when neither is set.

    Raises InvalidArgumentError for an unknown backend name and AdapterNotFoundError, naming
    what to install, when no adapter fits.
    """
    choice = backend if backend is not None else os.environ.get(BACKEND_ENV) or None
    if choice is None:
        try:
            return wgpu.gpu.request_adapter_sync(power_preference=power_preference)
        except Exception as exc:
            raise AdapterNotFoundError(f"wgpu found no GPU adapter ({exc}). {_INSTALL_HINT}") from exc
    wanted = _BACKENDS.get(choice.strip().lower())
    if wanted is None:
        raise InvalidArgumentError(
            f"unknown backend {choice!r} (from {'the backend argument' if backend else BACKEND_ENV}); "
            f"use one of: vulkan, gl, metal, dx12"
        )
    adapters = wgpu.gpu.enumerate_adapters_sync()
    matching = [a for a in adapters if a.info.get("backend_type") == wanted]
    if not matching:
        seen = ", ".join(sorted({str(a.info.get("backend_type")) for a in adapters})) or "none"
        raise AdapterNotFoundError(f"no {wanted} adapter found (adapters seen: {seen}). {_INSTALL_HINT}")
    # Prefer real hardware over a CPU adapter when both are there.
    matching.sort(key=lambda a: a.info.get("adapter_type") == "CPU")
    return matching[0]

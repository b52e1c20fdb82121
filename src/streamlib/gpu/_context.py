"""GpuContext: one adapter and device, what lives on it, and how it ends.

The factories (``_factories``) and the queue's transfers (``_queue``) are mixed in;
``gpu.device`` / ``gpu.queue`` (``_device_aliases``) give the same calls in the
Rust-backed streamlib's spelling.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import wgpu

from ._adapter import PowerPreference, pick_adapter
from ._device_aliases import DeviceNamespace, QueueNamespace
from ._errors import AdapterNotFoundError
from ._factories import ResourceFactories
from ._handles import _Borrowed, release_state
from ._lifecycle import EndsOnExit
from ._pool import TexturePool
from ._queue import QueueOperations
from ._tracking import EXIT_WAIT_S, Registry

__all__ = ["GpuContext"]


class GpuContext(ResourceFactories, QueueOperations, EndsOnExit):
    """One GPU device and everything created on it.

    Every ``create_*`` factory returns an *owned* resource: release it (or use
    ``with``). ``close()`` releases whatever is still owned and ends the device.
    """

    __slots__ = (
        "__weakref__",
        "_adapter",
        "_device",
        "_max_texture_dimension",
        "_pool",
        "_pool_lock",
        "_queue",
        "_queue_lock",
        "_registry",
        "_transfers",
        "device",
        "queue",
    )

    def __init__(self, adapter: wgpu.GPUAdapter, device: wgpu.GPUDevice, *, label: str = "") -> None:
        self._adapter = adapter
        self._device = device
        self._queue = device.queue
        # One queue operation at a time: wgpu-native 29 deadlocks when write_texture and submit
        # run at once on a texture (docs/architecture.md, "Threading model").
        self._queue_lock = threading.Lock()
        self._max_texture_dimension: int = device.limits.get("max-texture-dimension-2d", 8192)
        self._registry: Registry[_Borrowed[Any]] = Registry(device, label or str(adapter.info.get("device", "gpu")))
        _watch_destroy(device, self._registry)
        self._pool: TexturePool | None = None
        self._transfers = [0, 0]  # bytes through write_*, and read back through read_* (transfer_stats)
        self._pool_lock = threading.Lock()
        self.device = DeviceNamespace(self)
        """The Rust-backed streamlib's ``gpu.device.create_*`` calls, for ported code."""
        self.queue = QueueNamespace(self)
        """The Rust-backed streamlib's ``gpu.queue.write_buffer/submit`` calls, for ported code."""

    @classmethod
    def create(
        cls, backend: str | None = None, *, power_preference: PowerPreference = "high-performance", label: str = ""
    ) -> GpuContext:
        """Open the default adapter (or ``backend``: vulkan, gl, metal, dx12; else ``$STREAMLIB_BACKEND``).

        Raises AdapterNotFoundError, naming what to install, when there is none.
        """
        adapter = pick_adapter(backend, power_preference)
        try:
            device = adapter.request_device_sync(label=label)
        except Exception as exc:
            raise AdapterNotFoundError(f"could not open a device on {adapter.info.get('device')!r}: {exc}") from exc
        return cls(adapter, device, label=label)

    # -- what it runs on ---------------------------------------------------------------

    @property
    def raw_device(self) -> wgpu.GPUDevice:
        """The wgpu device, for interop. Never destroy it; close() this context instead."""
        self._check_open("raw_device")
        return self._device

    @property
    def adapter_info(self) -> dict[str, Any]:
        """wgpu's adapter info: vendor, device, description, adapter_type, backend_type."""
        return dict(self._adapter.info)

    @property
    def backend(self) -> str:
        """The backend in use: "Vulkan", "OpenGL", "Metal" or "D3D12"."""
        return str(self._adapter.info.get("backend_type", ""))

    @property
    def limits(self) -> dict[str, int]:
        """The device's limits (max_texture_dimension_2d, max_buffer_size, ...)."""
        return dict(self._device.limits)

    @property
    def closed(self) -> bool:
        """True once close() has run."""
        return self._registry.closed

    def _check_open(self, what: str) -> None:
        # Closed, device lost, or exiting: ``stop`` raises the right error (or, at exit, waits).
        registry = self._registry
        if registry.halt:
            registry.stop(what)

    @property
    def texture_pool(self) -> TexturePool:
        """This context's default TexturePool, made on first use and closed by close()."""
        pool = self._pool
        if pool is None:
            self._check_open("texture_pool")
            with self._pool_lock:
                pool = self._pool
                if pool is None:
                    pool = self._pool = TexturePool(self)
        return pool

    def poll(self) -> None:
        """Let wgpu-native free released resources now (streamlib also does this by itself)."""
        self._registry.poll()

    # -- ending ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release every resource this context still owns, then the device. Idempotent.

        Handles to those resources raise ResourceReleasedError afterwards.
        """
        registry = self._registry
        if registry.closed:
            return
        # First: calls that start from now on raise ResourceReleasedError (docs/architecture.md,
        # "Threading model"); the ones under way finish, and the releases below that hit a
        # resource one of them uses are left to that call (release_state).
        registry.closed = True
        registry.halt = True
        if self._pool is not None:
            # First, so that the pooled textures released below are destroyed, not kept idle.
            self._pool.close()
        while registry.live:
            for state in list(registry.live.values()):
                release_state(state, "was released by GpuContext.close()")
        # Destroying the device under a call still running would abort the process; should
        # one outlast the wait, the device is left to be freed with its last reference.
        idle = registry.wait_idle(EXIT_WAIT_S)
        registry.clear_caches()  # what the pool destroyed directly was never forgotten one by one
        device, registry.device = registry.device, None
        if idle:
            try:
                device._poll(True)
                device.destroy()
            except Exception:
                pass

    def _end(self) -> None:  # leaving a ``with`` block
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._registry.closed else f"{len(self._registry.live)} live"
        return f"<GpuContext {self._registry.name!r} {self.backend} {state}>"


def _watch_destroy(device: wgpu.GPUDevice, registry: Registry[_Borrowed[Any]]) -> None:
    """Make ``device.destroy()`` (``gpu.raw_device.destroy()``, a simulated loss) mark the context lost.

    wgpu-py offers no loss notification (its ``lost`` promise is not implemented, and the
    loss callback only logs), and a submit on a lost device aborts the process inside
    wgpu-native. So the flag is set where the loss is made, and guarded calls read it.
    Only weak references: the device must not keep itself alive through its own attribute.
    """
    device_ref = weakref.ref(device)
    registry_ref = weakref.ref(registry)
    real_destroy = type(device).destroy

    def destroy() -> None:
        reg = registry_ref()
        if reg is not None:
            reg.mark_lost()
            reg.wait_idle(EXIT_WAIT_S)  # calls under way finish before the device goes
        dev = device_ref()
        if dev is not None:
            real_destroy(dev)

    device.destroy = destroy  # type: ignore[method-assign]

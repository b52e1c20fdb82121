"""Frame times for sources: the clock's ideal grid, so a run's frames are timed the same on any machine."""

from __future__ import annotations

from ..pipeline._processor import Processor, Tick

__all__ = ["grid_time", "nominal_fps"]

FALLBACK_FPS = 30.0


def grid_time(processor: Processor, tick: Tick) -> float:
    """``tick.frame_number / fps``: the time the tick was due, not when it ran.

    For an unpaced runtime (fps=0, lockstep: every tick becomes a frame) the grid is 30 fps,
    the rate VideoFileSink writes such a run at.
    """
    return tick.frame_number / nominal_fps(processor)


def nominal_fps(processor: Processor) -> float:
    """The runtime's frame rate, or 30 for an unpaced runtime (fps=0)."""
    fps = processor.runtime.fps
    return fps if fps > 0 else FALLBACK_FPS

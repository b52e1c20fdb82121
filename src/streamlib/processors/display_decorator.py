"""``@display_processor``: the Rust-backed streamlib's window, a DisplaySink under the names it used."""

from __future__ import annotations

from collections.abc import Callable
from typing import overload

from ..gpu._errors import InvalidArgumentError
from ..pipeline._frame import VideoFrame
from ..pipeline._ports import StreamInput
from .display_sink import DisplaySink

__all__ = ["DecoratedDisplay", "display_processor"]


class DecoratedDisplay(DisplaySink):
    """The processor ``@display_processor`` makes: a DisplaySink whose input is named ``video``.

    ``display.input_ports().video`` is the port DisplaySink reads (its ``video_in``
    attribute); everything else is DisplaySink's: with no screen, setup raises the
    PipelineError that says to run under ``xvfb-run -a``.
    """

    video_in = StreamInput(VideoFrame)

    def __init__(self, title: str = "streamlib", *, name: str = "display", doc: str | None = None) -> None:
        super().__init__(title)
        self.name = name
        self.__doc__ = doc


# The port keeps its attribute (DisplaySink reads self.video_in) under the upstream name:
# input_ports(), stats and errors say "video".
DecoratedDisplay.video_in.name = "video"


@overload
def display_processor(title: Callable[..., object], /) -> DecoratedDisplay: ...
@overload
def display_processor(title: str = "streamlib") -> Callable[[Callable[..., object]], DecoratedDisplay]: ...
def display_processor(
    title: str | Callable[..., object] = "streamlib",
) -> DecoratedDisplay | Callable[[Callable[..., object]], DecoratedDisplay]:
    """The Rust-backed streamlib's window: decorates a function whose body is a docstring or ``pass``.

    ::

        @display_processor(title="Bouncing ball")
        def display():
            \"\"\"Shows what it receives.\"\"\"

        runtime.add_stream(display)
        runtime.connect(overlay.output_ports().video, display.input_ports().video)

    The decorated name is a ``DecoratedDisplay`` processor (a DisplaySink named after the
    function, added once); the function itself is never called. Usable bare too.
    """
    if callable(title):
        return _display_from(title, "streamlib")
    if not isinstance(title, str):
        raise InvalidArgumentError(f"display_processor: title must be a string, got {title!r}")
    chosen = title

    def decorate(function: Callable[..., object]) -> DecoratedDisplay:
        return _display_from(function, chosen)

    return decorate


def _display_from(function: Callable[..., object], title: str) -> DecoratedDisplay:
    if not callable(function):
        raise InvalidArgumentError(f"display_processor: decorates a function, got {function!r}")
    name = getattr(function, "__name__", "display")
    return DecoratedDisplay(title, name=name, doc=getattr(function, "__doc__", None))

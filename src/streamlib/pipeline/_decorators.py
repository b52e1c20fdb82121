"""``@processor``: the Rust-backed streamlib's decorator form, for ported code, on top of ``Processor``.

The decorated class declares its ports in nested ``InputPorts`` / ``OutputPorts``
classes. Each declaration becomes an ordinary ``StreamInput`` / ``StreamOutput`` of a
``Processor`` subclass (the class itself when it already subclasses ``Processor``), so
the runtime, the ownership rules and the leak checks are those of the typed form.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, overload

from ..gpu._errors import InvalidArgumentError
from ..gpu._handles import _Owned
from ._frame import VideoFrame
from ._ports import StreamInput, StreamOutput, _NoSuchPort
from ._processor import Processor, ProcessorInfo

__all__ = ["processor"]

C = TypeVar("C")

_GROUPS = (("InputPorts", "input", StreamInput), ("OutputPorts", "output", StreamOutput))


@overload
def processor(cls: type[C], /) -> type[C]: ...
@overload
def processor(
    *, description: str = "", usage_context: str = "", tags: Iterable[str] = ()
) -> Callable[[type[C]], type[C]]: ...
def processor(
    cls: type[C] | None = None, /, *, description: str = "", usage_context: str = "", tags: Iterable[str] = ()
) -> type[C] | Callable[[type[C]], type[C]]:
    """Make a class with nested ``InputPorts`` / ``OutputPorts`` and a ``process`` method a Processor.

    ::

        @sl.processor(description="Overlay a ball", usage_context="demo", tags=["overlay"])
        class BouncingBall(sl.Processor):
            class InputPorts:
                video = sl.StreamInput(sl.VideoFrame)

            class OutputPorts:
                video = sl.StreamOutput(sl.VideoFrame)

            def process(self, tick: sl.Tick) -> None:
                frame = self.input_ports().video.read_latest()  # lent for this call
                ...
                self.output_ports().video.write(out)  # moves out downstream

    A class that subclasses ``Processor`` is changed in place and returned, and mypy checks
    it like any processor; any other class is returned as a new ``Processor`` subclass of it
    (same name and module), which mypy does not know is a Processor: the decorator is for
    code ported from the Rust-backed streamlib, the typed form is the primary one.

    Such a plain class never releases what it makes (the Rust-backed streamlib dropped its
    fields with the processor): after its own ``teardown``, if any, the runtime releases every
    owned resource and frame still held in an attribute of the instance (directly, or in a
    list, tuple, set or dict held there) and forgets it (the attribute becomes None, the
    container empty), so lazy set-up runs again on a next ``run()``. What it drops while
    running is reclaimed by the finalizers (docs/architecture.md, R7).

    Each port is reached through ``input_ports()`` / ``output_ports()``, and as the
    attribute of its name (``ball.video``) unless an input and an output share that name.
    ``description``, ``usage_context`` and ``tags`` are kept on the class as
    ``processor_info`` (a ProcessorInfo). Usable bare (``@sl.processor``) too.

    Raises InvalidArgumentError for a non-class, a class without ``process``, a ports class
    holding anything but its kind of port declaration, a port name that would hide an
    attribute of the class, or a class decorated twice.
    """
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise InvalidArgumentError(f"processor: tags must be a list of strings, got {tags!r}")
    tags = tuple(tags)
    for what, value in (("description", description), ("usage_context", usage_context), *(("tags", t) for t in tags)):
        if not isinstance(value, str):
            raise InvalidArgumentError(f"processor: {what} must be a string, got {value!r}")
    info = ProcessorInfo(description, usage_context, tags)

    def decorate(cls: type[C]) -> type[C]:
        return _make_processor(cls, info)

    return decorate if cls is None else decorate(cls)


def _make_processor(cls: type[C], info: ProcessorInfo) -> type[C]:
    if not isinstance(cls, type):
        raise InvalidArgumentError(
            f"processor: decorates a class, got {cls!r}; write @sl.processor(description=...) above a class"
        )
    name = cls.__name__
    if "processor_info" in vars(cls):
        raise InvalidArgumentError(f"processor: {name} is already a decorated processor; decorate it once")
    groups = {group: _declarations(cls, group, kind, decl_type) for group, kind, decl_type in _GROUPS}

    target: type[Any]
    if issubclass(cls, Processor):
        if "process" in cls.__abstractmethods__:
            raise InvalidArgumentError(f"processor: {name} has no process(self, tick) method; define one")
        target = cls
    else:
        if not callable(getattr(cls, "process", None)):
            raise InvalidArgumentError(f"processor: {name} has no process(self, tick) method; define one")
        body = {k: v for k, v in vars(cls).items() if k in ("__module__", "__qualname__", "__doc__", "name")}
        body["teardown"] = _dropping_teardown(getattr(cls, "teardown", None))
        try:
            target = types.new_class(name, (cls, Processor), exec_body=lambda ns: ns.update(body))
        except TypeError as exc:  # a metaclass that cannot be combined with Processor's
            raise InvalidArgumentError(
                f"processor: cannot make {name} a Processor ({exc}); subclass sl.Processor"
            ) from exc

    inputs, outputs = groups["InputPorts"], groups["OutputPorts"]
    shared = inputs.keys() & outputs.keys()
    # Every class attribute to add, checked before any is set: an error leaves the class as it was.
    placed: dict[str, object] = {n: _SharedName(name, n) for n in sorted(shared)}
    for group, kind, _ in _GROUPS:
        for port_name, declaration in groups[group].items():
            attr = f"_{kind}_{port_name}" if port_name in shared else port_name
            # A copy: the nested class's own declaration stays as written (it may be shared).
            port = copy.copy(declaration)
            port.__set_name__(target, attr)
            port.name = port_name
            placed[attr] = port
    for attr in placed:
        if hasattr(target, attr):
            raise InvalidArgumentError(f"processor: a port of {name} would hide {name}.{attr}; rename the port")
    for attr, value in placed.items():
        setattr(target, attr, value)
    target.processor_info = info
    result: type[C] = target
    return result


def _dropping_teardown(own: Callable[[Any], None] | None) -> Callable[[Any], None]:
    """A plain class's teardown: its own, then release what the instance still holds."""

    def teardown(self: Any) -> None:
        try:
            if own is not None:
                own(self)
        finally:
            _release_held(self)

    return teardown


def _release_held(instance: object) -> None:
    """Release the owned resources and frames the instance's attributes hold, one container deep.

    Then forget them, as a fresh instance would start: such an attribute becomes None and such
    a container is emptied, so lazy ``if self.pipeline is None:`` set-up runs again on a next run.
    """
    attrs = vars(instance)
    for attr, value in list(attrs.items()):
        if _is_held(value):
            value.release()
            attrs[attr] = None
        elif isinstance(value, list | set | dict) and any(map(_is_held, _items(value))):
            for item in _items(value):
                if _is_held(item):
                    item.release()
            value.clear()
        elif isinstance(value, tuple | frozenset) and any(map(_is_held, value)):
            for item in value:
                if _is_held(item):
                    item.release()
            attrs[attr] = type(value)()


def _items(container: list[Any] | set[Any] | dict[Any, Any]) -> list[Any]:
    return list(container.values() if isinstance(container, dict) else container)


def _is_held(value: object) -> bool:
    # Owned handles and frames only: a borrow has no release(), and ports are not held resources.
    return isinstance(value, _Owned | VideoFrame) and not value.released


def _declarations(
    cls: type, group: str, kind: str, decl_type: type[StreamInput[Any]] | type[StreamOutput[Any]]
) -> dict[str, StreamInput[Any] | StreamOutput[Any]]:
    """The port declarations in ``cls``'s own nested ``group`` class, by name."""
    ports = vars(cls).get(group)
    if ports is None:
        return {}
    where = f"{cls.__name__}.{group}"
    if not isinstance(ports, type):
        raise InvalidArgumentError(f"processor: {where} must be a class holding {decl_type.__name__} declarations")
    found: dict[str, StreamInput[Any] | StreamOutput[Any]] = {}
    for klass in reversed(ports.__mro__[:-1]):  # the nested class and its bases, object excepted
        for attr, value in vars(klass).items():
            if attr.startswith("__") and attr.endswith("__"):
                continue
            if not isinstance(value, decl_type):
                other = "OutputPorts" if kind == "input" else "InputPorts"
                hint = (
                    f"; an {type(value).__name__} goes in {other}"
                    if isinstance(value, StreamInput | StreamOutput)
                    else ""
                )
                raise InvalidArgumentError(
                    f"processor: {where}.{attr} is {value!r}, not a port: {group} holds only "
                    f"{attr} = sl.{decl_type.__name__}(sl.VideoFrame) declarations{hint}"
                )
            found[attr] = value
    return found


class _SharedName:
    """The class attribute of a name both an input and an output use: says where the two ports are."""

    __slots__ = ("name", "owner")

    def __init__(self, owner: str, name: str) -> None:
        self.owner = owner
        self.name = name

    def __get__(self, obj: object, objtype: type | None = None) -> Any:
        if obj is None:
            return self
        raise _NoSuchPort(
            f"{self.owner}.{self.name} is both an input and an output port; use "
            f"input_ports().{self.name} or output_ports().{self.name}"
        )

    def __repr__(self) -> str:
        return f"<input and output port {self.owner}.{self.name}>"

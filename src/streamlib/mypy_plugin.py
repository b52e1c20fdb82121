"""A mypy plugin: the borrow escapes mypy's hooks can see, reported while the editor runs mypy.

Enable it in the project's mypy configuration::

    [mypy]
    plugins = streamlib.mypy_plugin

It reports a ``Borrowed*`` value (by its type) put into a container reachable from an attribute
or a global with ``append``, ``extend``, ``insert``, ``add``, ``update``, ``setdefault``,
``appendleft``, ``extendleft`` or item assignment (``self.history.append(frame.data)``,
``self.cache[key] = tex.borrow()``), under the error code ``borrow-escape``. mypy has no hook
for an assignment (``self.last = frame.data``), ``+=``, a lambda or a frame lent by
``read_latest()`` (typed ``VideoFrame``, like an owned one): those need ``streamlib check``,
which sees all of them (README, "Borrows that escape").
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.errorcodes import ErrorCode
from mypy.nodes import (
    GDEF,
    CallExpr,
    DictExpr,
    Expression,
    IndexExpr,
    ListExpr,
    MemberExpr,
    NameExpr,
    SetExpr,
    TupleExpr,
)
from mypy.plugin import MethodContext, Plugin
from mypy.types import Type

from .cli._borrow_check import CONTAINER_METHODS, SUPPRESS_COMMENT, has_borrowed, is_borrowed

__all__ = ["BORROW_ESCAPE", "BorrowEscapePlugin", "plugin"]

BORROW_ESCAPE = ErrorCode("borrow-escape", "A borrow is stored where it outlives its owner", "General")

# The container classes whose storing methods are watched (fullname prefixes of the methods).
_CONTAINERS = ("builtins.list.", "builtins.set.", "builtins.dict.", "collections.deque.")


def _reachable(expr: Expression) -> str | None:
    """How to name ``expr`` when it outlives the call: an attribute, a global, an item of one."""
    if isinstance(expr, MemberExpr):
        return "an attribute"
    if isinstance(expr, NameExpr) and expr.kind == GDEF:
        return "a global"
    if isinstance(expr, IndexExpr):
        return _reachable(expr.base)
    return None


def _holds_borrow(expr: Expression, typ: Type) -> bool:
    """Whether an argument holds a borrow: an empty ``[]`` or a fresh ``deque()`` typed to hold them does not."""
    if is_borrowed(typ):
        return True
    if isinstance(expr, ListExpr | SetExpr | TupleExpr | DictExpr):
        return bool(expr.items) and has_borrowed(typ)
    return not isinstance(expr, CallExpr) and has_borrowed(typ)


def _store(ctx: MethodContext) -> Type:
    context = ctx.context
    if isinstance(context, CallExpr) and isinstance(context.callee, MemberExpr):
        receiver: Expression = context.callee.expr
        method = context.callee.name
    elif isinstance(context, IndexExpr):
        receiver, method = context.base, "__setitem__"
    else:
        return ctx.default_return_type
    where = _reachable(receiver)
    if where is None:
        return ctx.default_return_type
    arguments = [
        (expr, typ)
        for exprs, types in zip(ctx.args, ctx.arg_types, strict=True)
        for expr, typ in zip(exprs, types, strict=True)
    ]
    if method == "__setitem__":
        arguments = arguments[1:]  # the key may be anything; the value is what is kept
    if not any(_holds_borrow(expr, typ) for expr, typ in arguments):
        return ctx.default_return_type
    try:
        with open(ctx.api.path, encoding="utf-8") as source:
            line = source.read().splitlines()[context.line - 1]
    except (OSError, IndexError):
        line = ""
    if SUPPRESS_COMMENT not in line:
        action = "item assignment" if method == "__setitem__" else f".{method}"
        ctx.api.fail(
            f"borrow stored into a container reachable from {where} ({action}) may outlive its owner; "
            "keep an owned texture (frame.clone()) or only plain values such as data.width",
            context,
            code=BORROW_ESCAPE,
        )
    return ctx.default_return_type


class BorrowEscapePlugin(Plugin):
    """Hooks the storing methods of list, set, dict and deque."""

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname.startswith(_CONTAINERS) and fullname.rsplit(".", 1)[1] in CONTAINER_METHODS:
            return _store
        return None


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return BorrowEscapePlugin

"""``streamlib check``'s analysis: borrows kept past the call that lent them, found in mypy's typed tree.

docs/architecture.md, "Ownership": a borrow (``BorrowedK``, or a frame lent by
``read_latest()`` / ``read()``) is valid only while its owner lives, for a lent frame only for
the current ``process`` call. The type checker already rejects releasing or consuming one; what it
cannot see is a borrow *kept*: stored on an attribute, in a global or nonlocal, in a container
reachable from those, or captured by a lambda / nested function stored that way. This pass finds
those, per function, over the tree and the types map that ``mypy.build.build`` returns.

Why not a mypy plugin: no plugin hook fires on an assignment, and ``get_attribute_hook`` never
sees the right-hand side. Why no ``TraverserVisitor``: in the pinned, compiled mypy it cannot be
subclassed from interpreted code, so the walk below dispatches with ``isinstance``.

What it does not follow (the analysis is per function): a borrow handed to a helper that stores
it, a user object that wraps one (``Holder(frame.data)``), a borrow typed only by a Protocol
(``tex: Texture`` may be owned or borrowed), a lent frame that reached a function as a parameter.

mypy is imported by the caller (``analyse`` takes the finished build), so importing this module
needs no mypy at run time; the ``mypy`` names are imported for type checking only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy.build import BuildResult
    from mypy.nodes import Block, Expression, FuncItem, MypyFile, Node, Statement, SymbolNode
    from mypy.types import Type

__all__ = ["CONTAINER_METHODS", "ERROR_CODE", "SUPPRESS_COMMENT", "Finding", "analyse", "has_borrowed", "is_borrowed"]

ERROR_CODE = "borrow-escape"
SUPPRESS_COMMENT = "# streamlib: allow-borrow-escape"
"""On any line of a statement, exempts that statement (the library's own ownership internals)."""

# Methods that put their arguments into the receiver (list, set, dict, deque).
CONTAINER_METHODS = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft", "__setitem__"}
)
# Read-only containers: what they hold stays plain.
READ_ONLY_CONTAINERS = frozenset(
    {
        "builtins.tuple",
        "builtins.frozenset",
        "typing.Mapping",
        "typing.Sequence",
        "typing.AbstractSet",
        "typing.Collection",
        "typing.Iterable",
        "types.MappingProxyType",
    }
)
PLAIN_SCALARS = frozenset(
    {"builtins.int", "builtins.float", "builtins.bool", "builtins.str", "builtins.bytes", "builtins.complex"}
)
LENDING_METHODS = frozenset({"read_latest", "read"})

_FRAME_FIX = "keep an owned reference, frame.clone() (release it when done), or only plain values such as frame.width"
_BORROW_FIX = (
    "keep an owned texture instead (keep frame.clone() and read .data when needed, or copy into a "
    "texture from the pool), or only plain values such as data.width"
)
_CLOSURE_FIX = "capture only plain values (bind them to locals first) or an owned frame.clone()"


@dataclass(frozen=True, order=True)
class Finding:
    """One borrow that escapes: where, and the one-line message in mypy's format."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}  [{ERROR_CODE}]"


@dataclass
class _Env:
    """What the walk knows at one point of a function: the names that may hold a borrow or alias a store."""

    # The names that may hold a borrow here, and what kind ("frame", "borrow", "closure").
    tainted: dict[SymbolNode, str] = field(default_factory=dict)
    aliases: set[SymbolNode] = field(default_factory=set)  # a local bound to an attribute or global (self.history)
    outer: set[str] = field(default_factory=set)  # the names this function declares global / nonlocal
    in_function: bool = False

    def copy(self) -> _Env:
        return _Env(dict(self.tainted), set(self.aliases), set(self.outer), self.in_function)

    def merge(self, other: _Env) -> None:
        # A may-analysis: after a join a name may hold a borrow if it may on any path.
        for symbol, kind in other.tainted.items():
            self.tainted.setdefault(symbol, kind)
        self.aliases |= other.aliases

    def inner(self) -> _Env:
        """The start of a nested function: the enclosing names keep their taint (closures see them)."""
        return _Env(dict(self.tainted), set(self.aliases), set(), in_function=True)


def analyse(result: BuildResult, module_ids: Sequence[str]) -> list[Finding]:
    """The escapes in the modules ``module_ids`` of a finished build (made with ``export_types``)."""
    findings: set[Finding] = set()
    plain = _plain_members(result)
    for module_id in module_ids:
        tree = result.files.get(module_id)
        if tree is None:
            continue
        _Module(tree, result.types, plain, findings).run()
    return sorted(findings)


def _plain_members(result: BuildResult) -> frozenset[str]:
    """The attributes of VideoFrame and the Borrowed* classes that hold plain values (``width``, ``format``).

    Where mypy has only ``Any`` for a lent frame (a port reached as ``self.input_ports().video``),
    an attribute named here is still known to be plain; any other is taken as a borrow.
    """
    from mypy import nodes
    from mypy.types import CallableType, get_proper_type

    names: set[str] = set()
    for module_id, tree in result.files.items():
        if not module_id.startswith("streamlib."):
            continue
        for symbol in tree.names.values():
            info = symbol.node
            if not isinstance(info, nodes.TypeInfo) or symbol.module_hidden:
                continue
            if info.name != "VideoFrame" and not _is_borrowed_class(info.fullname, info.name):
                continue
            for base in info.mro:
                for name, member in base.names.items():
                    node = member.node
                    typ = None
                    if isinstance(node, nodes.Decorator) and node.var.is_property:
                        typ = node.var.type
                    elif isinstance(node, nodes.FuncDef) and node.is_property:
                        typ = node.type
                    elif isinstance(node, nodes.Var) and not node.is_property:
                        typ = node.type
                    proper = get_proper_type(typ) if typ is not None else None
                    if isinstance(proper, CallableType):
                        proper = get_proper_type(proper.ret_type)
                    if proper is not None and _is_plain(proper) and not name.startswith("_"):
                        names.add(name)
    return frozenset(names)


class _Module:
    def __init__(
        self, tree: MypyFile, types: dict[Expression, Type], plain: frozenset[str], findings: set[Finding]
    ) -> None:
        from mypy import nodes

        self.n = nodes
        self.tree = tree
        self.types = types
        self.plain_members = plain
        self.findings = findings
        try:
            with open(tree.path, encoding="utf-8") as source:
                self.lines = source.read().splitlines()
        except OSError:
            self.lines = []

    def run(self) -> None:
        self.block(self.tree.defs, _Env())

    # ---- statements -------------------------------------------------------------------------

    def block(self, body: Sequence[Statement] | Block, env: _Env) -> None:
        statements = body.body if isinstance(body, self.n.Block) else body
        for statement in statements:
            self.statement(statement, env)

    def statement(self, s: Statement, env: _Env) -> None:
        n = self.n
        if isinstance(s, n.Decorator):
            for decorator in s.decorators:
                self.expression(decorator, env, s)
            self.function(s.func, env)
            if env.in_function and self.captures_borrow(s.func, env):
                env.tainted[s] = env.tainted[s.func] = "closure"
        elif isinstance(s, n.FuncDef):
            self.function(s, env)
            if env.in_function and self.captures_borrow(s, env):
                env.tainted[s] = "closure"
        elif isinstance(s, n.OverloadedFuncDef):
            for item in s.items:
                self.statement(item, env)
            if s.impl is not None:
                self.statement(s.impl, env)
        elif isinstance(s, n.ClassDef):
            self.block(s.defs, _Env(dict(env.tainted), set(env.aliases)))
        elif isinstance(s, n.AssignmentStmt):
            self.expression(s.rvalue, env, s)
            for lvalue in s.lvalues:
                self.assign(lvalue, s.rvalue, env, s)
        elif isinstance(s, n.OperatorAssignmentStmt):
            self.expression(s.rvalue, env, s)
            if self.is_borrow(s.rvalue, env):
                where = self.store_target(s.lvalue, env)
                if where is not None:
                    self.report(s, s.rvalue, env, f"{where} ({s.op}=)")
                else:
                    self.taint_local(s.lvalue, env, self.kind(s.rvalue, env))
        elif isinstance(s, n.ExpressionStmt | n.ReturnStmt | n.AssertStmt | n.DelStmt | n.RaiseStmt):
            for child in _children(s):
                self.expression(child, env, s)
        elif isinstance(s, n.IfStmt):
            for condition in s.expr:
                self.expression(condition, env, s)
            merged = env.copy()
            for body in s.body:
                branch = env.copy()
                self.block(body, branch)
                merged.merge(branch)
            if s.else_body is not None:
                branch = env.copy()
                self.block(s.else_body, branch)
                merged.merge(branch)
            env.merge(merged)
        elif isinstance(s, n.WhileStmt | n.ForStmt):
            self.expression(s.expr, env, s)
            for _ in range(2):  # twice: a borrow kept by one iteration reaches the next
                loop = env.copy()
                if isinstance(s, n.ForStmt) and self.is_borrow(s.expr, env):
                    self.taint_local(s.index, loop, self.kind(s.expr, env))
                self.block(s.body, loop)
                env.merge(loop)
            if s.else_body is not None:
                self.block(s.else_body, env)
        elif isinstance(s, n.WithStmt):
            for expr, target in zip(s.expr, s.target, strict=True):
                self.expression(expr, env, s)
                if target is not None and self.is_borrow(expr, env):
                    self.taint_local(target, env, self.kind(expr, env))
            self.block(s.body, env)
        elif isinstance(s, n.TryStmt):
            before = env.copy()
            self.block(s.body, env)
            env.merge(before)
            for handler in s.handlers:
                branch = env.copy()
                self.block(handler, branch)
                env.merge(branch)
            if s.else_body is not None:
                self.block(s.else_body, env)
            if s.finally_body is not None:
                self.block(s.finally_body, env)
        elif isinstance(s, n.MatchStmt):
            self.expression(s.subject, env, s)
            merged = env.copy()
            for body in s.bodies:
                branch = env.copy()
                self.block(body, branch)
                merged.merge(branch)
            env.merge(merged)
        elif isinstance(s, n.GlobalDecl | n.NonlocalDecl):
            env.outer.update(s.names)
        elif isinstance(s, n.Block):
            self.block(s, env)

    def function(self, func: FuncItem, env: _Env) -> None:
        self.block(func.body, env.inner())

    # ---- stores -------------------------------------------------------------------------------

    def assign(self, lvalue: Expression, rvalue: Expression, env: _Env, s: Statement) -> None:
        n = self.n
        if isinstance(lvalue, n.TupleExpr | n.ListExpr):
            if isinstance(rvalue, n.TupleExpr | n.ListExpr) and len(rvalue.items) == len(lvalue.items):
                for target, value in zip(lvalue.items, rvalue.items, strict=True):
                    self.assign(target, value, env, s)
            else:
                for target in lvalue.items:
                    self.assign(target.expr if isinstance(target, n.StarExpr) else target, rvalue, env, s)
            return
        kind = self.kind(rvalue, env)
        borrow = kind is not None
        if isinstance(lvalue, n.NameExpr) and not self.is_outer_name(lvalue, env):
            symbol = lvalue.node
            if symbol is not None:
                if kind is not None:
                    env.tainted[symbol] = kind
                else:
                    env.tainted.pop(symbol, None)
                if self.store_target(rvalue, env) is not None:
                    env.aliases.add(symbol)
                else:
                    env.aliases.discard(symbol)
            return
        if isinstance(lvalue, n.IndexExpr) and borrow:
            where = self.store_target(lvalue.base, env)
            if where is None:
                self.taint_local(lvalue.base, env, kind or "borrow")
                return
            self.report(s, rvalue, env, f"an item of {where}")
            return
        if borrow:
            where = self.store_target(lvalue, env)
            if where is not None:
                self.report(s, rvalue, env, where)

    def is_outer_name(self, expr: Expression, env: _Env) -> bool:
        n = self.n
        if not isinstance(expr, n.NameExpr) or expr.node is None:
            return False
        if expr.name in env.outer:
            return True
        return env.in_function and expr.kind == n.GDEF and isinstance(expr.node, n.Var)

    def store_target(self, expr: Expression, env: _Env) -> str | None:
        """How to name ``expr`` as a place that outlives the call (an attribute, a global...), or None."""
        n = self.n
        if isinstance(expr, n.MemberExpr):
            return f"attribute {self.text(expr)}"
        if isinstance(expr, n.NameExpr):
            if self.is_outer_name(expr, env):
                kind = "global" if expr.kind == n.GDEF else "nonlocal"
                return f"{kind} {expr.name}"
            if expr.node is not None and expr.node in env.aliases:
                return f"{expr.name} (an alias of an attribute or global)"
            return None
        if isinstance(expr, n.IndexExpr):
            inner = self.store_target(expr.base, env)
            return None if inner is None else self.text(expr)
        return None

    def taint_local(self, expr: Expression, env: _Env, kind: str | None) -> None:
        """``expr`` (a local name, or the names inside a target) may now hold a borrow of ``kind``."""
        n = self.n
        if kind is None:
            return
        if isinstance(expr, n.NameExpr) and expr.node is not None and not self.is_outer_name(expr, env):
            env.tainted.setdefault(expr.node, kind)
        elif isinstance(expr, n.TupleExpr | n.ListExpr):
            for item in expr.items:
                self.taint_local(item, env, kind)
        elif isinstance(expr, n.IndexExpr | n.StarExpr):
            self.taint_local(expr.base if isinstance(expr, n.IndexExpr) else expr.expr, env, kind)

    # ---- expressions: sinks inside them ---------------------------------------------------------

    def expression(self, expr: Expression, env: _Env, s: Statement) -> None:
        """Container stores (``self.history.append(data)``) and walrus bindings anywhere in ``expr``."""
        n = self.n
        for node in _walk(expr):
            if isinstance(node, n.AssignmentExpr):
                self.assign(node.target, node.value, env, s)
            elif isinstance(node, n.CallExpr) and isinstance(node.callee, n.MemberExpr):
                method = node.callee.name
                if method not in CONTAINER_METHODS:
                    continue
                args = [a for a in node.args if self.is_borrow(a, env)]
                if not args:
                    continue
                where = self.store_target(node.callee.expr, env)
                if where is None:
                    self.taint_local(node.callee.expr, env, self.kind(args[0], env))
                else:
                    self.report(s, args[0], env, f"{where} (.{method})")
            elif isinstance(node, n.CallExpr) and isinstance(node.callee, n.NameExpr):
                if node.callee.fullname == "builtins.setattr" and len(node.args) == 3:
                    if self.is_borrow(node.args[2], env):
                        self.report(s, node.args[2], env, f"an attribute of {self.text(node.args[0])} (setattr)")
            elif isinstance(node, n.LambdaExpr):
                self.function(node, env)

    # ---- what is a borrow ---------------------------------------------------------------------

    def is_borrow(self, expr: Expression, env: _Env) -> bool:
        return self.kind(expr, env) is not None

    def kind(self, expr: Expression, env: _Env) -> str | None:
        """None for a plain or owned value; else what it is: "frame", "lent", "borrow" or "closure"."""
        n = self.n
        typ = self.types.get(expr)
        if typ is not None and _is_plain(typ):
            return None
        if isinstance(expr, n.CallExpr) and typ is not None and not is_borrowed(typ) and has_borrowed(typ):
            # A new container typed to hold borrows (``deque()``, ``list(views)``) holds one only
            # if it was given one.
            callee = expr.callee
            parts = [*expr.args, callee.expr] if isinstance(callee, n.MemberExpr) else list(expr.args)
            return _first(self.kind(part, env) for part in parts)
        literal = n.TupleExpr | n.ListExpr | n.SetExpr | n.DictExpr
        comprehension = n.ListComprehension | n.SetComprehension | n.GeneratorExpr | n.DictionaryComprehension
        # A literal holds a borrow only if an item is one: `[]` typed list[BorrowedTexture] does not.
        if typ is not None and not isinstance(expr, literal | comprehension) and has_borrowed(typ):
            return self.lent_or_borrow(expr, env)
        if isinstance(expr, n.NameExpr):
            return env.tainted.get(expr.node) if expr.node is not None else None
        if isinstance(expr, n.MemberExpr):
            if typ is not None and _is_any(typ) and expr.name in self.plain_members:
                return None  # `frame.width` where mypy only knows `frame` as Any
            return self.kind(expr.expr, env)
        if isinstance(expr, n.CallExpr):
            callee = expr.callee
            if isinstance(callee, n.MemberExpr) and callee.name in LENDING_METHODS:
                receiver = self.types.get(callee.expr)
                if receiver is not None and _is_input_port(receiver):
                    return "frame"
            return None
        if isinstance(expr, n.TupleExpr | n.ListExpr | n.SetExpr):
            return _first(self.kind(item, env) for item in expr.items)
        if isinstance(expr, n.StarExpr):
            return self.kind(expr.expr, env)
        if isinstance(expr, n.DictExpr):
            return _first(self.kind(part, env) for pair in expr.items for part in pair if part is not None)
        if isinstance(expr, n.ConditionalExpr):
            return _first(self.kind(e, env) for e in (expr.if_expr, expr.else_expr))
        if isinstance(expr, n.OpExpr):
            return _first(self.kind(e, env) for e in (expr.left, expr.right))
        if isinstance(expr, n.AssignmentExpr):
            return self.kind(expr.value, env)
        if isinstance(expr, n.CastExpr):
            return self.kind(expr.expr, env)
        if isinstance(expr, n.LambdaExpr):
            return "closure" if self.captures_borrow(expr, env) else None
        if isinstance(expr, comprehension):
            generator = expr if isinstance(expr, n.DictionaryComprehension) else getattr(expr, "generator", expr)
            inner = env.copy()
            for index, sequence in zip(generator.indices, generator.sequences, strict=True):
                self.taint_local(index, inner, self.kind(sequence, inner))
            if isinstance(generator, n.DictionaryComprehension):
                return _first(self.kind(e, inner) for e in (generator.key, generator.value))
            return self.kind(generator.left_expr, inner)
        return None

    def lent_or_borrow(self, expr: Expression, env: _Env) -> str:
        """A value typed as a borrow: "lent" when reached from a lent frame (``frame.data``), else "borrow"."""
        n = self.n
        if isinstance(expr, n.NameExpr):
            return env.tainted.get(expr.node, "borrow") if expr.node is not None else "borrow"
        base = expr.expr if isinstance(expr, n.MemberExpr) else None
        if isinstance(expr, n.CallExpr) and isinstance(expr.callee, n.MemberExpr):
            base = expr.callee.expr
        return "lent" if base is not None and self.kind(base, env) in ("frame", "lent") else "borrow"

    def captures_borrow(self, func: FuncItem, env: _Env) -> bool:
        """Whether a lambda / nested function uses a name of an enclosing scope that may hold a borrow."""
        n = self.n
        nodes = list(_walk_block(func.body))
        # The function's own names (parameters, anything it binds) are not captures.
        own: set[SymbolNode | None] = {argument.variable for argument in func.arguments}
        for node in nodes:
            if isinstance(node, n.AssignmentStmt | n.ForStmt | n.WithStmt | n.AssignmentExpr):
                if isinstance(node, n.AssignmentStmt):
                    targets = list(node.lvalues)
                elif isinstance(node, n.ForStmt):
                    targets = [node.index]
                elif isinstance(node, n.WithStmt):
                    targets = [t for t in node.target if t is not None]
                else:
                    targets = [node.target]
                for target in targets:
                    own.update(e.node for e in _walk(target) if isinstance(e, n.NameExpr))
        return any(
            isinstance(node, n.NameExpr) and node.kind == n.LDEF and node.node not in own and self.is_borrow(node, env)
            for node in nodes
        )

    # ---- reports ------------------------------------------------------------------------------

    def report(self, s: Statement, value: Expression, env: _Env, where: str) -> None:
        if self.suppressed(s):
            return
        kind = self.kind(value, env) or "borrow"
        fix = {"frame": _FRAME_FIX, "closure": _CLOSURE_FIX}.get(kind, _BORROW_FIX)
        what = {"frame": "lent frame", "closure": "closure over a borrow"}.get(kind, "borrow")
        when = "past the call that lent it" if kind in ("frame", "lent") else "and may outlive its owner"
        message = f"{what} `{self.text(value)}` escapes into {where} {when}; {fix}"
        self.findings.add(Finding(self.tree.path, value.line, value.column + 1, message))

    def suppressed(self, s: Statement) -> bool:
        last = max(s.end_line or s.line, s.line)
        return any(SUPPRESS_COMMENT in line for line in self.lines[s.line - 1 : last])

    def text(self, expr: Expression) -> str:
        """The source text of ``expr`` (first line only, shortened)."""
        if not self.lines or expr.line < 1 or expr.line > len(self.lines):
            return "expression"
        line = self.lines[expr.line - 1]
        end = expr.end_column if expr.end_line == expr.line and expr.end_column is not None else len(line)
        text = re.sub(r"\s+", " ", line[expr.column : end].strip())
        return text if len(text) <= 60 else text[:57] + "..."


# ---- types ----------------------------------------------------------------------------------------


def _first(kinds: Iterator[str | None]) -> str | None:
    return next((k for k in kinds if k is not None), None)


def _is_borrowed_class(fullname: str, name: str) -> bool:
    # The public Borrowed* classes of streamlib (streamlib.__all__), not the private shared state.
    return fullname.startswith("streamlib.") and name.startswith("Borrowed")


def is_borrowed(typ: Type) -> bool:
    """A Borrowed* instance itself (or a union with one), not a container of them."""
    from mypy.types import Instance, UnionType, get_proper_type

    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        return any(is_borrowed(item) for item in proper.items)
    return isinstance(proper, Instance) and any(_is_borrowed_class(i.fullname, i.name) for i in proper.type.mro)


def has_borrowed(typ: Type, depth: int = 0) -> bool:
    from mypy.types import Instance, TupleType, TypedDictType, UnionType, get_proper_type

    proper = get_proper_type(typ)
    if depth > 8:
        return False
    if isinstance(proper, Instance):
        if any(_is_borrowed_class(info.fullname, info.name) for info in proper.type.mro):
            return True
        return any(has_borrowed(arg, depth + 1) for arg in proper.args)
    if isinstance(proper, TupleType | UnionType):
        return any(has_borrowed(item, depth + 1) for item in proper.items)
    if isinstance(proper, TypedDictType):
        return any(has_borrowed(item, depth + 1) for item in proper.items.values())
    return False


def _is_plain(typ: Type, depth: int = 0) -> bool:
    from mypy.types import Instance, LiteralType, NoneType, TupleType, UnionType, get_proper_type

    proper = get_proper_type(typ)
    if depth > 8:
        return False
    if isinstance(proper, NoneType | LiteralType):
        return True
    if isinstance(proper, TupleType | UnionType):
        return all(_is_plain(item, depth + 1) for item in proper.items)
    if isinstance(proper, Instance):
        info = proper.type
        if info.fullname in PLAIN_SCALARS or info.is_enum:
            return True
        if info.fullname in READ_ONLY_CONTAINERS:
            return all(_is_plain(arg, depth + 1) for arg in proper.args)
    return False


def _is_any(typ: Type) -> bool:
    from mypy.types import AnyType, get_proper_type

    return isinstance(get_proper_type(typ), AnyType)


def _is_input_port(typ: Type) -> bool:
    from mypy.types import Instance, get_proper_type

    proper = get_proper_type(typ)
    return isinstance(proper, Instance) and any(
        info.fullname.startswith("streamlib.") and info.name == "InputPort" for info in proper.type.mro
    )


# ---- a generic walk (the compiled TraverserVisitor cannot be subclassed) --------------------------

_CHILD_ATTRIBUTES = (
    "expr",
    "callee",
    "args",
    "base",
    "index",
    "items",
    "left",
    "right",
    "operands",
    "cond",
    "if_expr",
    "else_expr",
    "value",
    "target",
    "left_expr",
    "sequences",
    "condlists",
    "generator",
    "key",
    "begin_index",
    "end_index",
    "stride",
    "msg",
    "from_expr",
)


def _children(node: Node) -> Iterator[Expression]:
    from mypy.nodes import Expression, LambdaExpr

    if isinstance(node, LambdaExpr):
        return  # its body is a function of its own
    for attribute in _CHILD_ATTRIBUTES:
        value = getattr(node, attribute, None)
        if value is None or isinstance(value, str):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            parts = item if isinstance(item, list | tuple) else [item]
            for part in parts:
                if isinstance(part, Expression):
                    yield part


def _walk(expr: Expression) -> Iterator[Expression]:
    """``expr`` and every expression inside it, lambdas' bodies excluded (they are walked as functions)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(_children(node))


def _walk_block(body: Block) -> Iterator[Node]:
    """Every statement and expression inside ``body``, nested functions and lambdas included."""
    from mypy import nodes

    stack: list[Node] = [body]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, nodes.Block):
            stack.extend(node.body)
        elif isinstance(node, nodes.LambdaExpr | nodes.FuncDef):
            stack.append(node.body)
        elif isinstance(node, nodes.Decorator):
            stack.append(node.func)
        elif isinstance(node, nodes.IfStmt):
            stack.extend(node.expr)
            stack.extend(node.body)
            if node.else_body is not None:
                stack.append(node.else_body)
        elif isinstance(node, nodes.WhileStmt | nodes.ForStmt):
            stack.append(node.expr)
            stack.append(node.body)
            if node.else_body is not None:
                stack.append(node.else_body)
        elif isinstance(node, nodes.WithStmt):
            stack.extend(node.expr)
            stack.append(node.body)
        elif isinstance(node, nodes.TryStmt):
            stack.append(node.body)
            stack.extend(node.handlers)
            for extra in (node.else_body, node.finally_body):
                if extra is not None:
                    stack.append(extra)
        elif isinstance(node, nodes.MatchStmt):
            stack.append(node.subject)
            stack.extend(node.bodies)
        elif isinstance(node, nodes.AssignmentStmt):
            stack.append(node.rvalue)
            stack.extend(node.lvalues)
        elif isinstance(node, nodes.OperatorAssignmentStmt):
            stack.extend((node.lvalue, node.rvalue))
        else:
            stack.extend(_children(node))

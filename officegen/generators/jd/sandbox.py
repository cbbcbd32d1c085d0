"""Jinja2's sandbox, bounded: a user's template can neither run forever nor make unbounded text.

Jinja2's ``SandboxedEnvironment`` stops a template from reaching Python's internals, but not from
looping for ever (``{% for i in range(99999) %}{% for j in range(99999) %}``), nor from building
a gigabyte in one step (``"x"|center(999999999)``, ``"%999999999d"|format(1)``, ``"x" * 10**9``).
Signals (``signal.alarm``) exist only on Unix and only in the main thread, and memory limits
(``resource``) not at all on Windows, so the limits are kept by the sandbox itself, the same on
Linux, macOS and Windows, and in worker processes:

* every loop, call, filter and operator is a *step*; each step checks the clock against the
  render's deadline (:data:`SECONDS`);
* every operation that can make a large value from a small one (padding and format widths,
  repetition, ``join``, ``replace``, ``indent``, ``wordwrap``, ``**``, growing a list) is checked
  *before* it runs against :data:`MAX_VALUE` characters (or items);
* the text a render makes along the way (printed values, loop bodies, call results) is counted
  against :data:`MAX_WORK`, and the text it returns against :data:`MAX_OUTPUT`.

Passing a limit raises :class:`LimitExceeded` inside the template, so the error names the
template's line; the caller adds the template and the role.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
import string
import time
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

#: seconds one render (one role's document, the combined front page, the page template) may take
SECONDS = 5.0
#: characters a render may return
MAX_OUTPUT = 4_000_000
#: characters a render may make along the way (a value printed inside a macro counts again where
#: the macro's result is printed)
MAX_WORK = 40_000_000
#: characters (or list items) one value may have
MAX_VALUE = MAX_OUTPUT
#: bits an integer may have (``10 ** 10 ** 8`` is refused before it is computed)
MAX_INT_BITS = 100_000


class LimitExceeded(Exception):
    """A template went past one of the limits; the message says which, in a template author's words."""


class Budget:
    """What one render may still spend. ``start`` before each render; one render at a time per process."""

    def __init__(self) -> None:
        self.deadline = float("inf")
        self.work = 0

    def start(self) -> None:
        self.deadline = time.monotonic() + SECONDS
        self.work = 0

    def stop(self) -> None:
        self.deadline = float("inf")

    def step(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"took longer than {SECONDS:g} s (the limit for one document): "
                "a loop over too much, or one that never ends?"
            )

    def made(self, n: int) -> None:
        self.work += n
        if self.work > MAX_WORK:
            raise LimitExceeded(
                f"made more than {MAX_WORK:,} characters of text along the way (the limit): "
                "a loop or macro repeating too much?"
            )

    @staticmethod
    def room(n: int, what: str = "a value") -> None:
        if n > MAX_VALUE:
            raise LimitExceeded(f"{what} of {n:,} characters or items is more than the limit of {MAX_VALUE:,}")


# -- what may grow a value ---------------------------------------------------------------------

_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")
_SPEC_NUMBERS = re.compile(r"\d+")


def _check_printf(fmt: str, args: Any) -> None:
    """``"%999999999d" % x``: widths and precisions (written or ``*``) before formatting."""
    star_args = list(args) if isinstance(args, tuple) else [args]
    for match in _PRINTF.finditer(fmt):
        for number in match.group(1, 2):
            if number == "*":
                width = star_args.pop(0) if star_args else 0
                Budget.room(abs(width) if isinstance(width, int) else 0, "a format width")
            elif number:
                Budget.room(int(number), "a format width")
    Budget.room(
        len(fmt)
        + sum(len(str(a)) for a in (args.values() if isinstance(args, dict) else star_args) if isinstance(a, str)),
        "a formatted text",
    )


def _check_format_spec(fmt: str, args: tuple, kwargs: dict) -> None:
    """``"{:>999999999}".format(x)``: every number in every replacement field's spec; where a spec
    takes its width from an argument (``{:{w}}``), the arguments too."""
    nested = False
    for _, _, spec, _ in string.Formatter().parse(fmt):
        nested = nested or "{" in (spec or "")
        for number in _SPEC_NUMBERS.findall(spec or ""):
            Budget.room(int(number), "a format width")
    if nested:
        for a in (*args, *kwargs.values()):
            if isinstance(a, int) and not isinstance(a, bool):
                Budget.room(abs(a), "a format width")


def _size(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _join_size(items: list, sep: Any) -> int:
    try:
        parts = sum(map(len, items))  # the usual case, strings (C speed)
    except TypeError:
        parts = sum(_size(x) if isinstance(x, str) else 24 for x in items)
    return _size(sep) * max(len(items) - 1, 0) + parts


def _check_str_method(text: str, name: str, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Before ``text.name(*args)``: refuse what would be too large; returns the arguments to call with
    (an iterable to join is read once, here)."""
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        Budget.room(args[0], f"str.{name}() width")
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        Budget.room(len(text) + text.count("\t") * max(tab if isinstance(tab, int) else 8, 0), "expandtabs()")
    elif name == "join" and args:
        items = list(args[0])
        Budget.room(len(items), "a list to join")
        Budget.room(_join_size(items, text), "a joined text")
        args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = len(text) + 1 if args[0] == "" else text.count(args[0])
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        Budget.room(len(text) + count * max(len(args[1]) - len(args[0]), 0), "a replaced text")
    elif name in ("format", "format_map"):
        _check_format_spec(text, args, kwargs)
    return args, kwargs


_GROWING = {"append": 1, "insert": 1, "add": 1, "setdefault": 1, "extend": None, "update": None, "__iadd__": None}


def _check_container_method(container: Any, name: str, args: tuple) -> None:
    if name in _GROWING:
        extra = _GROWING[name]
        if extra is None:
            extra = sum(_size(a) for a in args)
        Budget.room(len(container) + extra, f"a {type(container).__name__} grown by {name}()")


def _check_binop(op: str, left: Any, right: Any) -> None:
    if op == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(n, int) and not isinstance(n, bool) and isinstance(seq, (str, list, tuple)):
                Budget.room(len(seq) * max(n, 0), "a repeated value")
        if isinstance(left, int) and isinstance(right, int):
            _check_bits(abs(left).bit_length() + abs(right).bit_length())
    elif op == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
        _check_bits(abs(left).bit_length() * right)
    elif op == "%" and isinstance(left, str):
        _check_printf(left, right)
    elif op == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        Budget.room(len(left) + len(right), "a joined value")


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitExceeded(f"a number of about {bits:,} bits is more than the limit of {MAX_INT_BITS:,}")


def _check_result(value: Any, budget: Budget) -> Any:
    if isinstance(value, str):
        Budget.room(len(value))
        budget.made(len(value))
    elif isinstance(value, (list, tuple, dict, set)):
        Budget.room(len(value), "a collection")
    elif isinstance(value, int) and not isinstance(value, bool):
        _check_bits(abs(value).bit_length())
    return value


# -- filters -----------------------------------------------------------------------------------


def _arg(args: tuple, kwargs: dict, i: int, key: str, default: Any) -> Any:
    return args[i] if len(args) > i else kwargs.get(key, default)


def _pre_center(args: tuple, kwargs: dict) -> tuple:
    width = _arg(args, kwargs, 1, "width", 80)
    if isinstance(width, int):
        Budget.room(width, "center() width")
    return args


def _pre_indent(args: tuple, kwargs: dict) -> tuple:
    text, width = args[0], _arg(args, kwargs, 1, "width", 4)
    if isinstance(text, str):
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        Budget.room(len(text) + (text.count("\n") + 1) * max(pad, 0), "an indented text")
    return args


def _pre_format(args: tuple, kwargs: dict) -> tuple:
    if isinstance(args[0], str):
        _check_printf(args[0], kwargs if kwargs else tuple(args[1:]))
    return args


def _pre_join(args: tuple, kwargs: dict) -> tuple:
    value = args[0]
    if value is not None and not isinstance(value, str):
        items = value if type(value) is list else list(value)
        Budget.room(len(items), "a list to join")
        Budget.room(_join_size(items, _arg(args, kwargs, 1, "d", "")), "a joined text")
        args = (items, *args[1:])
    return args


def _pre_replace(args: tuple, kwargs: dict) -> tuple:
    text, old, new = args[0], _arg(args, kwargs, 1, "old", ""), _arg(args, kwargs, 2, "new", "")
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = len(text) + 1 if old == "" else text.count(old)
        Budget.room(len(text) + count * max(len(new) - len(old), 0), "a replaced text")
    return args


def _pre_wordwrap(args: tuple, kwargs: dict) -> tuple:
    text, width, wrap = args[0], _arg(args, kwargs, 1, "width", 79), _arg(args, kwargs, 3, "wrapstring", None)
    if isinstance(text, str):
        lines = len(text) // max(width if isinstance(width, int) else 79, 1) + text.count("\n") + 1
        Budget.room(len(text) + lines * (_size(wrap) if wrap is not None else 1), "a wrapped text")
    return args


#: built-in filters that can make much from little, checked before they run
_PRECHECKS: dict[str, Callable[[tuple, dict], tuple]] = {
    "center": _pre_center,
    "indent": _pre_indent,
    "format": _pre_format,
    "join": _pre_join,
    "replace": _pre_replace,
    "wordwrap": _pre_wordwrap,
}


def _bounded_filter(name: str, func: Callable, budget: Budget) -> Callable:
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # a context or environment comes first
    pre = _PRECHECKS.get(name)

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget.step()
        if pre is not None and len(args) > skip:
            args = (*args[:skip], *pre(tuple(args[skip:]), kwargs))
        return _check_result(func(*args, **kwargs), budget)

    return bounded


def _lipsum(budget: Budget, original: Any) -> Callable:
    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:  # noqa: A002 - Jinja's names
        Budget.room(max * n * 8 if isinstance(n, int) and isinstance(max, int) else 0, "lipsum()")
        return _check_result(original(n, html, min, max), budget)

    return lipsum


# -- the environment -----------------------------------------------------------------------------


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, with every loop's iterable and every ``~`` concatenation passed through the
    environment's budget (the rest goes through the sandbox's own hooks)."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node = copy.copy(node)  # the parsed tree stays as it was
        weight = sum(len(n.data) for n in node.find_all(nodes.TemplateData))
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("_bounded_loop"),
            [node.iter, nodes.Const(weight)],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        super().visit_For(node, frame)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if isinstance(node.node, nodes.EnvironmentAttribute) and node.node.name == "_bounded_loop":
            # ours: called directly, not through the sandbox's call (a template cannot name it)
            self.write("environment._bounded_loop(")
            self.visit(node.args[0], frame)
            limit = node.args[1]
            assert isinstance(limit, nodes.Const)  # ours: the loop bound is a constant
            self.write(f", {int(limit.value)})")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment._bounded_value(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """A ``SandboxedEnvironment`` whose renders are bounded in time and size (see the module)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.budget = Budget()
        super().__init__(*args, **kwargs)
        self.globals["lipsum"] = _lipsum(self.budget, self.globals["lipsum"])

    def bound_filters(self) -> None:
        """Wrap every filter (call after adding one's own)."""
        self.filters = {name: _bounded_filter(name, func, self.budget) for name, func in self.filters.items()}

    # hooks of the generated code
    def _bounded_loop(self, iterable: Iterable, weight: int) -> Iterable:
        """A loop starts: one step, and its literal text (``weight`` a turn) counted for every turn
        at once. Iterables are finite in the sandbox (``range`` is capped, data is finite), so a
        loop's turns need no check of their own: what a turn does that costs is a step itself
        (a call, a filter, an inner loop). One without a length is counted turn by turn."""
        budget = self.budget
        budget.step()
        try:
            turns = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            return self._counted_turns(iterable, weight)
        if weight:
            budget.made(turns * weight)
        return iterable

    def _counted_turns(self, iterable: Iterable, weight: int) -> Iterator:
        budget = self.budget
        for item in iterable:
            budget.step()
            budget.made(weight)
            yield item

    def _bounded_value(self, value: Any) -> Any:
        self.budget.step()
        return _check_result(value, self.budget)

    # hooks of the sandbox
    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805, B902
        __self.budget.step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(__obj, (types.BuiltinMethodType, types.MethodType)):
            name = getattr(__obj, "__name__", "")
            if isinstance(owner, str):
                args, kwargs = _check_str_method(owner, name, args, kwargs)
            elif isinstance(owner, (list, dict, set)):
                _check_container_method(owner, name, args)
        return _check_result(super().call(__context, __obj, *args, **kwargs), __self.budget)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.step()
        _check_binop(operator, left, right)
        return _check_result(super().call_binop(context, operator, left, right), self.budget)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, budget = value.__self__, self.budget

        def checked(*args: Any, **kwargs: Any) -> str:
            budget.step()
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                _check_format_spec(fmt, (), args[0])
            else:
                _check_format_spec(fmt, args, kwargs)
            return _check_result(wrapped(*args, **kwargs), budget)

        return functools.update_wrapper(checked, wrapped)

    def bounded(self, render_func: Callable, *args: Any) -> Any:
        """Run ``render_func(*args)`` within a fresh budget (a template's render, or a module's)."""
        self.budget.start()
        try:
            return render_func(*args)
        finally:
            self.budget.stop()


def bounded_concat(chunks: Iterable[str]) -> str:
    """The text a template's root render function yields, within :data:`MAX_OUTPUT` (read in
    batches, so a template yielding millions of small pieces is stopped at the limit, not after)."""
    out: list[str] = []
    total = 0
    source = iter(chunks)
    while True:
        batch = list(itertools.islice(source, 4096))
        if not batch:
            break
        piece = "".join(batch)
        total += len(piece)
        if total > MAX_OUTPUT:
            _too_long()
        out.append(piece)
    return "".join(out)


def within_output_limit(text: str) -> str:
    """``text``, a render's whole output, if within :data:`MAX_OUTPUT` (for the trusted templates,
    whose output grows only with the definition: checked once it is made)."""
    if len(text) > MAX_OUTPUT:
        _too_long()
    return text


def _too_long() -> None:
    raise LimitExceeded(f"made a document of more than {MAX_OUTPUT:,} characters (the limit)")

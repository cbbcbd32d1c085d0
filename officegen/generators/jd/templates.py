"""Job-description wording: Jinja2 templates rendered in the sandbox, parsed once per run.

Three templates per language (``templates/jd/``; a user's ``template_dir`` is searched first, a
file it lacks falls back to the bundled one):

* ``{lang}.md.j2`` - one role's document, in the line markup of :mod:`jd_markup`;
* ``{lang}.combined.md.j2`` - the front page of the combined document (``[TOC]`` marks the
  table of contents);
* ``{lang}.page.j2`` - ``{% set %}`` variables: header, footer and document properties.

Escaping. Every value printed with ``{{ }}`` goes through :func:`literal`: it starts with the
private marker LITERAL (so it can never begin a line with ``# ``, ``- ``, ``1. ``, ``|``...),
and its line breaks, ``|`` and ``*`` become private stand-ins (so it can never end a line, split
a table cell or open bold). The markup parser restores them as text. Autoescaping is on, so
what a template itself builds (macros, ``caller()``, ``{% set %}`` blocks) is ``Markup`` and
keeps its structure, while data never gains any.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.filters import sync_do_join
from jinja2.loaders import split_template_path
from markupsafe import Markup

from officegen.errors import TemplateError
from officegen.generators.jd.sandbox import (
    MAX_WORK,
    BoundedSandbox,
    LimitExceeded,
    bounded_concat,
    within_output_limit,
)
from officegen.office.userfiles import not_regular, open_without_waiting
from officegen.office.xmltext import INVALID_XML
from officegen.resources import templates_dir

#: private-use markers of the line markup: start of a value; a value's line break, "|", "*"
LITERAL, BREAK, PIPE, STAR = "\ue001", "\ue002", "\ue003", "\ue004"
_MARKERS = LITERAL + BREAK + PIPE + STAR
#: characters XML 1.0 cannot hold (the loader strips them already; the model may come from elsewhere)
_VALUE_SPECIAL = re.compile("[\n\r|*" + _MARKERS + "]")
_VALUE_TABLE = str.maketrans({"\n": BREAK, "\r": BREAK, "|": PIPE, "*": STAR, **{c: "\ufffd" for c in _MARKERS}})


def literal(value: Any) -> Markup:
    """A value as markup text: it can print characters, never structure."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):  # built by the template itself (macro, caller, set block, |safe)
        return value
    text = str(value)
    if _VALUE_SPECIAL.search(text):  # most values have nothing to stand in for
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        text = text.translate(_VALUE_TABLE)
    return Markup(LITERAL + text)


def _literal_text(value: Any) -> str:
    """:func:`literal` as plain text, for the trusted templates, rendered without autoescaping: the
    same characters, without making a ``Markup`` of every value printed (a third of rendering)."""
    if type(value) is str:  # the usual value: a title, a name, "—": once per distinct text
        found = _LITERAL_TEXTS.get(value)
        if found is None:
            if len(_LITERAL_TEXTS) >= 65536:
                _LITERAL_TEXTS.clear()
            found = _LITERAL_TEXTS[value] = _literal_of(value)
        return found
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return _literal_of(str(value))


_LITERAL_TEXTS: dict[str, str] = {}


def _literal_of(text: str) -> str:
    if _VALUE_SPECIAL.search(text):
        if "\r\n" in text:
            text = text.replace("\r\n", "\n")
        text = text.translate(_VALUE_TABLE)
    return LITERAL + text


@jinja2.pass_eval_context
def _trusted_join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    """Jinja's ``join`` where nothing is autoescaped and no attribute is asked for: what it does
    then, without the wrapper that looks for an async render on every call."""
    if attribute is not None or eval_ctx.autoescape:
        return sync_do_join(eval_ctx, value, d, attribute)
    return str(d).join(map(str, value))


def _escape_filter(value: Any) -> Markup:
    """``|e`` and ``|escape``: the same as printing the value (HTML escaping means nothing here)."""
    return literal(value)


#: bytes a template file may have (the bundled ones are 2-5 KB)
MAX_TEMPLATE_BYTES = 1024 * 1024


class _Loader(jinja2.FileSystemLoader):
    """Jinja's file loader, but a template that is not a regular file, is too large or is not
    UTF-8 is an error naming it (Jinja would skip a FIFO silently, and fail with a traceback on
    bytes that are not UTF-8)."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = os.path.join(folder, *pieces)
            try:
                info = os.stat(path)
            except OSError as exc:
                if not os.path.lexists(path):
                    continue
                # a link that leads nowhere (or round in a loop): the user meant this file, not the default
                raise TemplateError(
                    f"{path}: error: cannot read: {exc.strerror or exc} (a link to {os.readlink(path)!r})"
                    if os.path.islink(path)
                    else f"{path}: error: cannot read: {exc.strerror or exc}"
                ) from None
            if stat.S_ISDIR(info.st_mode):
                continue
            reason = not_regular(path, info.st_mode)
            if reason:
                raise TemplateError(f"{path}: error: {reason}; a template is a text file")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(
                    f"{path}: error: {info.st_size:,} bytes; a template may have {MAX_TEMPLATE_BYTES:,} at most"
                )
            try:  # asked again once open: a file swapped for a FIFO or device since the look above is refused
                with open_without_waiting(path) as fh:
                    reason = not_regular(path, os.fstat(fh.fileno()).st_mode)
                    if reason:
                        raise TemplateError(f"{path}: error: {reason}; a template is a text file")
                    raw = fh.read(MAX_TEMPLATE_BYTES + 1)
            except OSError as exc:
                raise TemplateError(f"{path}: error: cannot read: {exc.strerror or exc}") from None
            return _decode(raw, path), os.path.normpath(path), lambda: True
        raise jinja2.TemplateNotFound(template)


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            raise TemplateError(f"{path}:1:1: error: UTF-16 text; save the template as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise TemplateError(f"{path}:{line}: error: binary data (a NUL byte); a template is a text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise TemplateError(
            f"{path}:{line}:{col}: error: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the template as UTF-8"
        ) from None


#: what keeps a bundled template in the sandbox: another template (it could be a user's), or text the
#: template builds itself (macros, call and set blocks), which is structure only when autoescaping
_NOT_TRUSTED = (
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.Extends,
    nodes.Macro,
    nodes.CallBlock,
    nodes.AssignBlock,
    nodes.FilterBlock,
)


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _TrustedEnvironment(jinja2.Environment):
    """Jinja's environment for the trusted templates: ``a.name`` on a context dict looks up the key
    at once (Jinja tries the attribute first, and raising and catching its AttributeError was a
    fifth of rendering); a name that is a dict's attribute (``items``) is left to Jinja, as before."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class Templates:
    """The job-description templates of one run: found, parsed and compiled once."""

    ROLE, COMBINED, PAGE = "{lang}.md.j2", "{lang}.combined.md.j2", "{lang}.page.j2"

    @classmethod
    def names(cls, lang: str) -> list[str]:
        return [pattern.format(lang=lang) for pattern in (cls.ROLE, cls.COMBINED, cls.PAGE)]

    @classmethod
    def unused_folder(cls, lang: str, template_dir: Path) -> list[str] | None:
        """The names looked for, when ``template_dir`` holds none of them (all defaults would be used)."""
        names = cls.names(lang)
        return None if any((Path(template_dir) / name).is_file() for name in names) else names

    def __init__(self, lang: str, template_dir: Path | None = None, detail: bool = False, combined: bool = False):
        """``combined``: the combined document's template too (only a run that writes one compiles it)."""
        self.folders = [str(template_dir)] if template_dir else []
        self.folders.append(str(templates_dir() / "jd"))
        self.env = BoundedSandbox(
            loader=_Loader(self.folders),
            undefined=jinja2.StrictUndefined,
            finalize=self._finalize,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["e"] = self.env.filters["escape"] = _escape_filter
        self.env.globals["br"] = Markup(BREAK)  # a line break inside a line (e.g. in a table cell)
        self.env.globals["detail"] = detail  # every working relationship in full, not the two-page summary
        self.env.bound_filters()
        self.lang = lang
        self.trusted_env: jinja2.Environment | None = None
        self.trusted_role = self._trusted(self.ROLE, lang)
        self._role = None if self.trusted_role is not None else self._load(self.ROLE, lang)
        self.combined = self._load(self.COMBINED, lang) if combined else None
        self.page = self._load(self.PAGE, lang)

    @property
    def role(self) -> jinja2.Template:
        """The role template in the sandbox (compiled when first asked for where the trusted one is used)."""
        if self._role is None:
            self._role = self._load(self.ROLE, self.lang)
        return self._role

    def _trusted(self, pattern: str, lang: str) -> jinja2.Template | None:
        """The template ``_load`` would find, compiled outside the sandbox when it is a bundled one
        (officegen's own file, as trusted as its code) that includes or imports nothing (what it
        would include could be a user's) and builds no text of its own to print (no macros, no set
        blocks), else None. Its output is the same; it is not checked step by step (a bundled
        template makes text in proportion to the definition), only its size is bounded."""
        loader = self.env.loader
        assert loader is not None
        found = None
        for name in self._names(pattern, lang):  # as select_template looks
            try:
                found = (name, *loader.get_source(self.env, name)[:2])
                break
            except jinja2.TemplateNotFound:
                continue
            except Exception:  # noqa: BLE001 - a file that cannot be used: _load says why
                return None
        if found is None:
            return None
        name, source, filename = found
        bundled = os.path.normpath(templates_dir() / "jd")
        if filename is None or os.path.dirname(os.path.normpath(filename)) != bundled:
            return None
        if self.trusted_env is None:
            self.trusted_env = _TrustedEnvironment(
                loader=_Loader([bundled]),
                undefined=jinja2.StrictUndefined,
                finalize=_literal_text,
                autoescape=False,  # what it builds itself is structure, every value printed is literal text
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            self.trusted_env.filters["e"] = self.trusted_env.filters["escape"] = _escape_filter
            self.trusted_env.filters["join"] = _trusted_join
            self.trusted_env.globals.update(br=self.env.globals["br"], detail=self.env.globals["detail"])
        env = self.trusted_env
        try:
            tree = env.parse(source, name, filename)  # parsed once, checked, then compiled
        except jinja2.TemplateSyntaxError:
            return None  # _load says where
        if any(True for _ in tree.find_all(_NOT_TRUSTED)):
            return None
        code = env.compile(tree, name, filename)
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    @staticmethod
    def _names(pattern: str, lang: str) -> list[str]:
        names = [pattern.format(lang=lang)]
        if lang != "en":
            names.append(pattern.format(lang="en"))  # a language without templates of its own
        return names

    def _load(self, pattern: str, lang: str) -> jinja2.Template:
        names = self._names(pattern, lang)
        try:
            return self.env.select_template(names)
        except jinja2.TemplatesNotFound:
            raise TemplateError(f"{names[0]}: no such template in {', '.join(self.folders)}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: error: {exc.message}") from None
        except OSError as exc:
            raise TemplateError(f"{names[0]}: cannot read: {exc.strerror or exc}") from None

    def _finalize(self, value: Any) -> Markup:
        """What ``{{ }}`` prints: the value as literal text, counted against the render's budget."""
        text = literal(value)
        budget = self.env.budget
        budget.work += len(text)
        if budget.work > MAX_WORK:
            budget.made(0)  # raises
        return text

    # -- rendering (each render within the sandbox's limits: sandbox.py) ------------------------
    def render_role(self, context: dict) -> str:
        if self.trusted_role is not None:
            return self._render_trusted(self.trusted_role, context)
        role = context.get("role") or {}
        return self._render(self.role, context, f"for role '{role.get('id', '?')}'")

    def _render_trusted(self, template: jinja2.Template, context: dict) -> str:
        try:
            return within_output_limit("".join(template.root_render_func(template.new_context(context))))
        except Exception:  # noqa: BLE001 - as in _render
            role = context.get("role") or {}
            try:
                template.environment.handle_exception()  # the same exception, its traceback mapped to template lines
            except Exception as exc:  # noqa: BLE001
                raise _render_error(template, exc, f"for role '{role.get('id', '?')}'") from None

    def render_combined(self, context: dict) -> str:
        if self.combined is None:
            self.combined = self._load(self.COMBINED, self.lang)
        return self._render(self.combined, context, "for the combined document")

    def page_vars(self, context: dict) -> dict[str, str]:
        """The ``{% set %}`` variables of the page template, as plain text."""
        try:
            module = self._run(self.page, lambda: self.page.make_module(context))
        except Exception as exc:  # noqa: BLE001 - anything a template does wrong is its error
            raise _render_error(self.page, exc, "for the page") from None
        out = {}
        for name in ("header", "footer", "subject", "author", "combined_title"):
            value = getattr(module, name, None)
            if isinstance(value, jinja2.Undefined):  # e.g. {% set footer = org.nope %}: fail, naming the line
                try:
                    str(value)
                except Exception as exc:  # noqa: BLE001
                    raise TemplateError(f"{self._set_line(self.page, name)}: error: {_explain(exc)}") from None
            if value is not None:
                out[name] = INVALID_XML.sub("", str(value))
        return out

    def _set_line(self, template: jinja2.Template, name: str) -> str:
        """``file:line`` of ``{% set name = ... %}`` in ``template``."""
        where = template.filename or template.name
        try:
            loader = self.env.loader
            if loader is None or template.name is None:
                return str(where)
            source = loader.get_source(self.env, template.name)[0]
        except jinja2.TemplateNotFound:
            return str(where)
        found = re.search(r"\{%-?\s*set\s+" + re.escape(name) + r"\b", source)
        return f"{where}:{source.count(chr(10), 0, found.start()) + 1}" if found else str(where)

    def _run(self, template: jinja2.Template, work: Callable[[], Any]) -> Any:
        """``work()`` within a fresh budget; an exception comes out with its traceback mapped to
        template lines (as ``Template.render`` does)."""
        try:
            return self.env.bounded(work)
        except TemplateError:
            raise
        except Exception:  # noqa: BLE001
            self.env.handle_exception()

    def _render(self, template: jinja2.Template, context: dict, what: str) -> str:
        try:
            return self._run(template, lambda: bounded_concat(template.root_render_func(template.new_context(context))))
        except TemplateError:
            raise
        except Exception as exc:  # noqa: BLE001 - the context is plain data: any failure is the template's
            raise _render_error(template, exc, what) from None


def _render_error(template: jinja2.Template, exc: BaseException, what: str = "") -> TemplateError:
    """A TemplateError naming the template file and line (Jinja maps traceback frames to template lines),
    and, for a limit, what was being rendered (the role)."""
    where = template.filename or template.name or "template"
    line = getattr(exc, "lineno", None) if isinstance(exc, jinja2.TemplateSyntaxError) else None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    location = f"{where}:{line}" if line else str(where)
    if isinstance(exc, LimitExceeded):
        return TemplateError(
            f"{location}: error: {what + ': ' if what else ''}{exc}; templates/jd/README.md gives the limits"
        )
    if isinstance(exc, RecursionError):
        return TemplateError(
            f"{location}: error: {what + ': ' if what else ''}a macro or include calls itself without end (too deep)"
        )
    return TemplateError(f"{location}: error: {_explain(exc)}" + (f" ({what})" if what else ""))


def _explain(exc: BaseException) -> str:
    """Jinja's message, said in a template author's words where Jinja's are about Python."""
    from jinja2.sandbox import SecurityError

    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined variable or attribute ({exc}); templates/jd/README.md lists what a template sees"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template (sandbox): {exc}"
    return f"{type(exc).__name__}: {exc}"

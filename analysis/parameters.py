"""Notebook parameters: read them from a notebook's `parameters` cell, convert requested values, check them.

A notebook declares its parameters in the first code cell tagged `parameters` (papermill's convention),
one assignment per parameter; the default gives the type and a trailing comment the help text:

    output_dir = None  # folder the runner fills with charts and tables
    top_n: int = 10  # how many rows the table keeps
    date_from = "2020-09-27"  # first day of the window (inclusive), ISO date or None
    color_by: Literal["kind", "claimant"] = "kind"  # one of a fixed set, checked before the run
    event_data: Path | None = None  # a file or folder: a relative value is made absolute before the run

Date windows use one convention: `date_from` and `date_to` (or `<prefix>_date_from` and `<prefix>_date_to`),
ISO dates (YYYY-MM-DD) as strings, or None for an open end; both ends are inclusive.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import io
import json
import os
import re
import tokenize
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat

PARAMETERS_TAG = "parameters"
DATE_FROM, DATE_TO = "date_from", "date_to"
_TYPES: dict[str, type] = {t.__name__: t for t in (str, int, float, bool, list, tuple, dict)}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE, _FALSE = {"true", "yes", "y", "on", "1"}, {"false", "no", "n", "off", "0"}
_NULL = {"none", "null"}
_DEFAULT = "the notebook's default"


class ParameterError(ValueError):
    """A value that cannot become the parameter's type; the message says what was expected."""


@dataclass(frozen=True)
class Parameter:
    """One parameter as the notebook declares it; `type` None means any literal (the default was None)."""

    name: str
    default: object
    type: type | None
    nullable: bool = False
    help: str = ""
    source: str = ""  # the default as written in the cell
    item_type: type | None = None  # element type of a list/tuple parameter, when known
    literal: bool = True  # False: the default is computed in the notebook, `default` holds its source
    choices: tuple = ()  # the allowed values, from a `Literal[...]` annotation; () means any of the type
    path: bool = False  # annotated `Path`: names a file or folder, passed on as an absolute path (a str)

    @property
    def type_name(self) -> str:
        """`int`, `list[str]`, `str | None`, `'kind' | 'claimant'`, `any`: the type as `--list` shows it."""
        if self.choices:
            return " | ".join([*map(repr, self.choices), *(["None"] if self.nullable else [])])
        if self.type is None:
            return "any"
        name = "Path" if self.path else self.type.__name__
        if self.item_type is not None:
            name = f"{name}[{self.item_type.__name__}]"
        return f"{name} | None" if self.nullable else name


@dataclass(frozen=True)
class Setting:
    """A value somebody asked for: `origin` says where (`reports.yml`, `-p`); `text` values get parsed."""

    name: str
    value: object
    origin: str
    text: bool = False


def is_date_bound(name: str) -> bool:
    """True for a date window's ends: `date_from`, `date_to`, `<prefix>_date_from`, `<prefix>_date_to`."""
    return name in (DATE_FROM, DATE_TO) or name.endswith(("_" + DATE_FROM, "_" + DATE_TO))


def read_parameters(notebook_path: Path) -> dict[str, Parameter]:
    """The parameters declared in the notebook's first `parameters`-tagged code cell ({} if none)."""
    notebook = nbformat.read(str(notebook_path), as_version=4)
    cell = parameters_cell(notebook)
    return {} if cell is None else parse_parameters_source(cell.source, origin=str(notebook_path))


def parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    """The first code cell tagged `parameters`, as papermill finds it."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def parse_parameters_source(source: str, origin: str = "<parameters cell>") -> dict[str, Parameter]:
    """Parameters from the source of a parameters cell: top-level `name = value` and `name: T = value`."""
    # Parse the code rather than match lines (papermill's way): multi-line lists and `str | None` work.
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        problem = f"{error.msg} (line {error.lineno})"
        raise ValueError(f"{origin}: the parameters cell is not plain Python: {problem}") from None
    comments = _line_comments(source)
    found: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [target.id for target in node.targets if isinstance(target, ast.Name)]
            annotation = None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names, annotation = [node.target.id], node.annotation
        else:
            continue
        for name in names:
            found[name] = _declare(name, node.value, annotation, comments.get(node.end_lineno or 0, ""))
    return found


def _literal_choices(annotation: ast.expr) -> tuple[tuple, bool] | None:
    """(values, nullable) of `Literal["a", "b"]`, `Literal[...] | None` or `Optional[Literal[...]]`; else None."""
    nullable = False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        if not any(isinstance(side, ast.Constant) and side.value is None for side in sides):
            return None
        annotation, nullable = next(side for side in sides if not isinstance(side, ast.Constant)), True
    if (isinstance(annotation, ast.Subscript) and _dotted_tail(annotation.value) == "Optional"):
        annotation, nullable = annotation.slice, True
    if not (isinstance(annotation, ast.Subscript) and _dotted_tail(annotation.value) == "Literal"):
        return None
    items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
    try:
        values = tuple(ast.literal_eval(item) for item in items)
    except ValueError:
        return None
    return tuple(v for v in values if v is not None), nullable or None in values


def _dotted_tail(node: ast.expr) -> str:
    """`Literal` for both `Literal` and `typing.Literal`."""
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _line_comments(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string.lstrip("#").strip()
    except (tokenize.TokenError, SyntaxError):
        pass  # the cell already parsed; comments are only help text
    return comments


def _declare(name: str, value: ast.expr, annotation: ast.expr | None, help_text: str) -> Parameter:
    source = ast.unparse(value)
    try:
        default = ast.literal_eval(value)
        literal = True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        default, literal = source, False  # computed in the notebook: shown as written, type unknown
    kind: type | None = type(default) if literal and default is not None else None
    nullable = default is None or not literal
    item: type | None = None
    choices: tuple = ()
    path = annotation is not None and _is_path(annotation)
    literal_choices = _literal_choices(annotation) if annotation is not None else None
    if literal_choices is not None:
        choices, declared_nullable = literal_choices
        kinds = {type(choice) for choice in choices}
        kind = kinds.pop() if len(kinds) == 1 else None
        nullable = declared_nullable or (literal and default is None)
    elif annotation is not None:
        declared, declared_nullable, declared_item = _parse_annotation(ast.unparse(annotation))
        kind = declared or kind
        nullable = nullable or declared_nullable
        item = declared_item
    if kind in (list, tuple) and item is None and literal and default:
        kinds = {type(element) for element in default}
        item = kinds.pop() if len(kinds) == 1 and next(iter(kinds)) in (str, int, float, bool) else None
    if is_date_bound(name):
        kind, nullable = str, True  # the date-window convention: ISO strings, None for an open end
    return Parameter(name, default, kind, nullable, help_text, source, item, literal, choices, path)


def _is_path(annotation: ast.expr) -> bool:
    """True for `Path`, `pathlib.Path`, `Path | None` and `Optional[Path]`."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return any(_is_path(side) for side in (annotation.left, annotation.right))
    if isinstance(annotation, ast.Subscript) and _dotted_tail(annotation.value) == "Optional":
        return _is_path(annotation.slice)
    return isinstance(annotation, ast.Name | ast.Attribute) and _dotted_tail(annotation) == "Path"


def _parse_annotation(annotation: str) -> tuple[type | None, bool, type | None]:
    """(type, nullable, item type) from `int`, `str | None`, `Optional[str]`, `list[int]`; unknown -> None."""
    text = annotation.replace(" ", "")
    nullable = False
    match = re.fullmatch(r"(?:typing\.)?Optional\[(.*)\]", text)
    if match:
        text, nullable = match.group(1), True
    parts = [part for part in text.split("|") if part]
    if "None" in parts:
        nullable = True
        parts = [part for part in parts if part != "None"]
    if len(parts) != 1:
        return None, nullable, None
    match = re.fullmatch(r"(?:typing\.)?(\w+)(?:\[(\w+)(?:,\.\.\.)?\])?", parts[0])
    if not match:
        return None, nullable, None
    if match.group(1) == "Path":
        return str, nullable, None  # a path travels as a string: papermill injects text
    kind = _TYPES.get(match.group(1)) or _TYPES.get(match.group(1).lower())  # List[int] as list[int]
    return kind, nullable, _TYPES.get(match.group(2) or "")


def coerce(parameter: Parameter, value: object, *, text: bool = False) -> object:
    """`value` as the parameter's type, parsing strings (`text=True`: a command-line value, never typed).

    Raises ParameterError whose message says what was expected.
    """
    if isinstance(value, dt.date):
        value = value.isoformat()  # YAML reads an unquoted 2020-09-27 as a date; dates are strings here
    if parameter.path and isinstance(value, os.PathLike):
        value = os.fspath(value)
    if value is None or (text and isinstance(value, str) and value.strip().lower() in _NULL and (
            parameter.nullable or parameter.type is not str)):
        if parameter.nullable:
            return None
        raise ParameterError(f"{_expected(parameter)} (this parameter cannot be None)")
    kind = parameter.type
    if parameter.choices:
        typed = _coerce_scalar(kind, value, lambda: _expected(parameter)) if kind is not None else value
        if typed not in parameter.choices:
            raise ParameterError(_expected(parameter))
        return typed
    if kind is None:
        return _parse_any(value) if text and isinstance(value, str) else value
    if kind in (list, tuple):
        return kind(_coerce_items(parameter, value))
    return _coerce_scalar(kind, value, lambda: _expected(parameter))


def _coerce_items(parameter: Parameter, value: object) -> list[object]:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError as error:
                raise ParameterError(f"{_expected(parameter)}: not valid JSON ({error.msg})") from None
        else:
            value = [item.strip() for item in stripped.split(",") if item.strip()]
    if not isinstance(value, list | tuple):
        raise ParameterError(_expected(parameter))
    if parameter.item_type is None:
        return list(value)
    return [_coerce_scalar(parameter.item_type, item, lambda: _expected(parameter)) for item in value]


def _coerce_scalar(kind: type, value: object, expected: Callable[[], str]) -> object:
    if isinstance(value, str) and kind is not str:
        word = value.strip()
        try:
            if kind is bool:
                if word.lower() in _TRUE | _FALSE:
                    return word.lower() in _TRUE
                raise ValueError(word)
            if kind in (int, float):
                return kind(word)
            if kind is dict:
                parsed = json.loads(word)
                if isinstance(parsed, dict):
                    return parsed
        except ValueError:  # json.JSONDecodeError is a ValueError
            pass
        raise ParameterError(expected())
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    # bool is an int subclass, but True is no sensible row count.
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise ParameterError(expected())


def _parse_any(text: str) -> object:
    """A command-line value for a parameter whose default is None: JSON if it parses, else the string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _expected(parameter: Parameter) -> str:
    kind = parameter.type
    if parameter.choices:
        allowed = ", ".join(map(repr, parameter.choices))
        return f"expected one of {allowed}{' or None' if parameter.nullable else ''}"
    if is_date_bound(parameter.name):
        return "expected an ISO date YYYY-MM-DD or None"
    examples = {
        bool: "a bool (true/false, yes/no, 1/0)",
        int: "an int",
        float: "a number",
        str: "a string",
        dict: "a JSON object",
        list: "a list (comma-separated or a JSON list)",
        tuple: "a list (comma-separated or a JSON list)",
    }
    text = examples.get(kind, f"a {parameter.type_name}") if kind else "a literal"
    if parameter.item_type is not None:
        text += f" of {parameter.item_type.__name__}"
    return f"expected {text}{' or None' if parameter.nullable and kind is not None else ''}"


def resolve(
    report: str,
    declared: Mapping[str, Parameter],
    settings: Iterable[Setting],
    reserved: Collection[str] = (),
) -> tuple[dict[str, object], list[str]]:
    """The requested values converted to their types, and every problem found (empty when all is well).

    Later settings override earlier ones. `reserved` names parameters the runner sets itself: the notebook
    must declare them and nobody may override them.
    """
    problems: list[str] = []
    values: dict[str, object] = {}
    origins: dict[str, str] = {}
    for name in reserved:
        if name not in declared:
            problems.append(f"report {report!r}: the notebook's parameters cell does not declare {name!r} "
                            f"(the runner sets it; add e.g. `{name} = None` to the cell tagged "
                            f"{PARAMETERS_TAG!r})")
    for setting in settings:
        where = f"report {report!r}: parameter {setting.name!r} = {setting.value!r} (from {setting.origin})"
        if setting.name in reserved:
            problems.append(f"{where}: {setting.name!r} is set by the runner and cannot be overridden")
            continue
        parameter = declared.get(setting.name)
        if parameter is None:
            problems.append(f"{where}: unknown parameter; {_known(setting.name, declared)}")
            continue
        try:
            values[setting.name] = coerce(parameter, setting.value, text=setting.text)
        except ParameterError as error:
            problems.append(f"{where}: {error} (default {parameter.source})")
            continue
        origins[setting.name] = setting.origin
    problems += _check_dates(report, declared, values, origins)
    return values, problems


def absolute_paths(
    declared: Mapping[str, Parameter], values: Mapping[str, object], origins: Mapping[str, str],
    bases: Mapping[str, Path],
) -> dict[str, object]:
    """`values` with each path parameter's relative value made absolute against the folder its origin means.

    The notebook runs in its own folder, so a relative path would otherwise be read from there: `-p
    event_data=imported/ged` means the folder the user sees, as `--data imported/ged` does.
    """
    made = dict(values)
    for name, value in values.items():
        parameter = declared.get(name)
        if parameter is None or not parameter.path or not isinstance(value, str) or not value:
            continue
        path = Path(value).expanduser()
        base = bases.get(origins.get(name, ""))
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
        made[name] = os.path.normpath(path)
    return made


def check_parameters(
    report: str,
    declared: Mapping[str, Parameter],
    settings: Iterable[Setting],
    reserved: Collection[str] = (),
) -> list[str]:
    """Every problem with the requested values for one report (see `resolve`)."""
    return resolve(report, declared, settings, reserved)[1]


def _known(name: str, declared: Mapping[str, Parameter]) -> str:
    close = difflib.get_close_matches(name, declared, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}the notebook declares: {', '.join(declared) or '(none)'}"


def _check_dates(
    report: str, declared: Mapping[str, Parameter], values: Mapping[str, object], origins: Mapping[str, str]
) -> list[str]:
    """Each date bound is None or an ISO date, and each window's start is not after its end."""
    problems: list[str] = []
    dates: dict[str, dt.date | None] = {}
    for name, parameter in declared.items():
        if not is_date_bound(name):
            continue
        if name not in values and not parameter.literal:
            continue  # computed in the notebook: nothing to check before it runs
        value = values.get(name, parameter.default)
        origin = origins.get(name, _DEFAULT)
        if value is None:
            dates[name] = None
            continue
        try:
            if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
                raise ValueError(value)
            dates[name] = dt.date.fromisoformat(value)
        except ValueError:
            problems.append(f"report {report!r}: parameter {name!r} = {value!r} (from {origin}): "
                            "expected an ISO date YYYY-MM-DD or None")
    for start_name, start in dates.items():
        if not start_name.endswith(DATE_FROM):
            continue
        end_name = start_name[: -len(DATE_FROM)] + DATE_TO
        end = dates.get(end_name)
        if start is not None and end is not None and start > end:
            problems.append(
                f"report {report!r}: empty date window: {start_name} = {start.isoformat()!r} "
                f"(from {origins.get(start_name, _DEFAULT)}) is after {end_name} = {end.isoformat()!r} "
                f"(from {origins.get(end_name, _DEFAULT)}); expected {start_name} <= {end_name} "
                "(both ends inclusive)")
    return problems

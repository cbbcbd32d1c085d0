"""Read a roster as HR systems export it: .xlsx/.xlsm (streamed, read-only) or .csv/.tsv in the
encodings Excel, WPS and Chinese HR systems write (UTF-8 with or without BOM, GB18030/GBK,
UTF-16 with BOM), the delimiter sniffed; then find the header row under any title rows.

A cell is text, already trimmed: numbers stored as numbers read as the digits a user typed
(``1001.0`` -> ``1001``), dates as ISO dates; a formula or an error value is kept as what it is
(:class:`Odd`), so the caller can point at it instead of importing ``=VLOOKUP(...)`` as a name.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from officegen.errors import InputError
from officegen.i18n import tr
from officegen.problems import Location, cell_location

MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_ROWS = 1_000_000
HEADER_SCAN = 30  # rows looked at for the header (title rows, notes and blank rows above it)
XLSX = (".xlsx", ".xlsm")
TEXT = (".csv", ".tsv", ".txt")
_SPACES = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class RosterError(InputError):
    """The roster cannot be read at all (its format, encoding or sheet); the message names the file."""


@dataclass(frozen=True)
class Odd:
    """A cell that holds no plain value: ``kind`` is "formula" or "error"; ``text`` as shown."""

    kind: str
    text: str

    def __bool__(self) -> bool:
        return True


Value = "str | Odd"


@dataclass
class Table:
    """One sheet (or the CSV): where it is, its header, and its data rows, read lazily."""

    path: Path
    sheet: str | None  # None for a CSV
    header_line: int  # 1-based row (xlsx) or line (CSV) of the header
    titles: list[str]
    rows: Iterator[tuple[int, list]]  # (row or line, cells) after the header; blank rows left out
    above: list[str]  # text of the rows above the header (a title such as "XX公司员工花名册")
    encoding: str = ""  # a CSV's, for messages
    delimiter: str = ""
    date: str = ""  # the workbook's own date (core properties), ISO

    def where(self, line: int, col: int | None = None) -> Location:
        """``FILE:SHEET!CELL`` for a workbook, ``FILE:LINE`` for a CSV."""
        if self.sheet is None:
            return Location(str(self.path), line, 0, str(line))
        return cell_location(str(self.path), self.sheet, line, col)

    @property
    def source(self) -> str:
        return f"{self.path.name}" + (f" ({self.sheet})" if self.sheet else "")


def clean(value) -> str | Odd:
    """A cell as text: trimmed, inner runs of spaces as one, control characters removed."""
    if value is None:
        return ""
    if isinstance(value, Odd):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if not (value.hour or value.minute or value.second) else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = _CONTROL.sub("", str(value))
    return _SPACES.sub(" ", text).strip()


def open_table(path: Path, *, sheet: str | None = None, is_header=None, lang: str = "en") -> Table:
    """The table of a roster file, with its header row found by ``is_header(cells) -> score``
    (the row with the best score among the first rows; 0 means "not a header"). ``lang``: the
    language of the messages when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX:
        return _open_xlsx(path, sheet, is_header, lang)
    if suffix in TEXT:
        return _open_text(path, is_header, lang)
    if suffix in (".xls", ".et", ".ods", ".numbers", ".wps"):
        raise RosterError(
            tr(
                lang,
                f"{path}: officegen reads .xlsx and .csv rosters; open it in Excel, WPS or LibreOffice and save it as "
                ".xlsx (Excel Workbook) or CSV UTF-8, then import that file",
                f"{path}：officegen 读取 .xlsx 和 .csv 花名册；请用 Excel、WPS 或 LibreOffice 打开它，另存为 .xlsx"
                "（Excel 工作簿）或 CSV UTF-8，再导入",
            )
        )
    raise RosterError(
        tr(
            lang,
            f"{path}: not a roster officegen reads (.xlsx, .xlsm, .csv or .tsv)",
            f"{path}：不是 officegen 能读取的花名册（.xlsx、.xlsm、.csv 或 .tsv）",
        )
    )


# -- workbooks -------------------------------------------------------------------------------------


def _open_xlsx(path: Path, sheet: str | None, is_header, lang: str) -> Table:
    from officegen.office.userfiles import EXCEL, guarded, open_workbook

    wb = open_workbook(path, read_only=True, data_only=False)
    sheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
    if sheet is not None:
        chosen = [ws for ws in sheets if ws.title == sheet] or [
            ws for ws in sheets if ws.title.strip() == sheet.strip()
        ]
        if not chosen:
            names = ", ".join(ws.title for ws in sheets) or "—"
            wb.close()
            raise RosterError(
                tr(
                    lang,
                    f"{path}: no sheet named '{sheet}' (its sheets: {names})",
                    f"{path}：没有名为“{sheet}”的工作表（它的工作表：{names}）",
                )
            )
        sheets = chosen
    if not sheets:
        wb.close()
        raise RosterError(tr(lang, f"{path}: the workbook has no worksheet", f"{path}：工作簿里没有工作表"))
    created = wb.properties.modified or wb.properties.created
    date = created.date().isoformat() if isinstance(created, dt.datetime) else ""
    best: tuple | None = None
    for ws in sheets:  # the first sheet whose header is recognisable (a "填写说明" sheet may come first)
        with guarded(path, EXCEL):
            found = _find_header(_guarded(_xlsx_rows(ws), path, EXCEL), is_header)
        if found is not None and found[0] > 0:
            best = (ws, found)
            break
        if best is None:
            best = (ws, found)
    assert best is not None, "a workbook has a sheet"
    ws, found = best
    score, line, titles, above, rest = found if found else (0, 0, [], [], iter(()))
    return Table(path, ws.title, line, titles, _closing(rest, wb), above, date=date)


def _xlsx_rows(ws) -> Iterator[tuple[int, list]]:
    """(row number, cells) of a read-only sheet; formulas and error values as :class:`Odd`.

    A cell merged down over several rows (a department written once for all its people) gives
    its value to each of those rows: read-only openpyxl does not say what is merged, so the
    sheet's ``mergeCell`` list is read from its XML first (one quick pass over the raw part)."""
    starts = _vertical_merges(ws)
    active: list[list] = []  # [column, last row, value]
    ws.reset_dimensions()  # some exporters write a wrong <dimension>; read every row there is
    for cells in ws.iter_rows():
        row = None
        values: list[str | Odd] = []
        for cell in cells:
            value = getattr(cell, "value", None)
            if value is None:
                values.append("")
                continue
            if row is None:
                row = cell.row
            kind = cell.data_type
            if kind == "f":
                values.append(Odd("formula", str(value)))
            elif kind == "e":
                values.append(Odd("error", str(value)))
            else:
                values.append(clean(value))
        if row is None:
            row = next((c.row for c in cells if getattr(c, "row", None)), None)
        if row is None:
            continue
        if active or row in starts:
            active = [a for a in active if a[1] >= row]
            for col, _last, value in active:
                values.extend([""] * (col + 1 - len(values)))
                if values[col] == "":
                    values[col] = value
            for col, last in starts.pop(row, ()):
                if col < len(values) and values[col] != "":
                    active.append([col, last, values[col]])
        while values and values[-1] == "":
            values.pop()
        if values:
            yield row, values


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')


def _vertical_merges(ws) -> dict[int, list[tuple[int, int]]]:
    """first row -> [(column index, last row)] of the sheet's merged ranges spanning several rows."""
    from openpyxl.utils import column_index_from_string

    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return {}
    found: dict[int, list[tuple[int, int]]] = {}
    tail = b""
    try:
        with get_source() as src:
            while True:
                chunk = src.read(1 << 20)
                if not chunk:
                    break
                data = tail + chunk
                for m in _MERGE.finditer(data):
                    first, last = int(m.group(2)), int(m.group(4))
                    if last > first:
                        found.setdefault(first, []).append((column_index_from_string(m.group(1).decode()) - 1, last))
                tail = data[-300:]
    except Exception:  # noqa: BLE001 - no merges known is the safe answer for a part we cannot read
        return {}
    return {row: sorted(set(v)) for row, v in found.items()}


def _closing(rows: Iterator, wb) -> Iterator:
    try:
        yield from rows
    finally:
        wb.close()


def _guarded(rows: Iterator, path: Path, kind) -> Iterator:
    """The rows, read as they are needed, with any failure of the library reading them told as
    ``FILE: not a usable Excel file: <reason>``."""
    from officegen.office.userfiles import guarded

    with guarded(path, kind):
        yield from rows


# -- text ------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV export and the encoding it was in: a BOM says so; else UTF-8 if it decodes,
    UTF-16 when every other byte is NUL, else GB18030 (Chinese Excel's and WPS's "CSV")."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), ("UTF-8 (BOM)" if name == "utf-8-sig" else "UTF-16")
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 > len(head):
        le = head[1::2].count(0) > head[0::2].count(0)
        name = "utf-16-le" if le else "utf-16-be"
        return data.decode(name, errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as exc:
        raise RosterError(
            f"cannot tell the file's encoding (byte {exc.start} is neither UTF-8 nor GB18030): save "
            'it as "CSV UTF-8" (Excel) or "CSV, UTF-8" (WPS, LibreOffice)'
        ) from None


def sniff(text: str, suffix: str) -> str:
    """The delimiter: tab for .tsv; else the one of , ; tab | that splits the first lines most evenly."""
    if suffix == ".tsv":
        return "\t"
    lines = [line for line in text[:65536].splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for delim in (",", "\t", ";", "|"):
        counts = []
        for line in lines:
            try:
                counts.append(len(next(csv.reader([line], delimiter=delim))) - 1)
            except (csv.Error, StopIteration):
                counts.append(0)
        used = [c for c in counts if c > 0]
        if not used:
            continue
        common = max(set(used), key=used.count)
        score = used.count(common) * (1 + min(common, 20) / 100)
        if score > best_score:
            best, best_score = delim, score
    return best


def _open_text(path: Path, is_header, lang: str) -> Table:
    from officegen.office.userfiles import regular_file

    regular_file(path, "roster")  # a FIFO or a device would block or never end
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise RosterError(
                tr(
                    lang,
                    f"{path}: {size:,} bytes; rosters up to {MAX_CSV_BYTES // 2**20} MB are read",
                    f"{path}：{size:,} 字节；花名册最大 {MAX_CSV_BYTES // 2**20} MB",
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(
            tr(lang, f"{path}: cannot read: ", f"{path}：无法读取：") + f"{exc.strerror or exc}"
        ) from None
    if data[:4] == b"PK\x03\x04":
        raise RosterError(
            tr(
                lang,
                f"{path}: this is a workbook (xlsx) named {path.suffix}: rename it to .xlsx",
                f"{path}：这是一个工作簿（xlsx），却以 {path.suffix} 命名：请改名为 .xlsx",
            )
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RosterError(
            tr(
                lang,
                f"{path}: this is an old Excel (.xls) file named {path.suffix}: save it as .xlsx or CSV",
                f"{path}：这是旧版 Excel（.xls）文件，却以 {path.suffix} 命名：请另存为 .xlsx 或 CSV",
            )
        )
    try:
        text, encoding = decode(data)
    except RosterError as exc:
        raise RosterError(
            tr(
                lang,
                f"{path}: {exc}",
                f"{path}：无法判断文件的编码（既不是 UTF-8 也不是 GB18030）：请另存为“CSV UTF-8”",
            )
        ) from None
    delimiter = sniff(text, path.suffix.lower())
    found = _find_header(_csv_rows(text, delimiter, path, lang), is_header)
    score, line, titles, above, rest = found if found else (0, 0, [], [], iter(()))
    return Table(path, None, line, titles, rest, above, encoding=encoding, delimiter=delimiter)


def _csv_rows(text: str, delimiter: str, path: Path, lang: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            values = [clean(v) for v in record]
            while values and values[-1] == "":
                values.pop()
            if values:
                yield start, values
    except csv.Error as exc:
        raise RosterError(
            tr(lang, f"{path}:{line}: {exc} (an unclosed quote?)", f"{path}:{line}：{exc}（引号没有闭合？）")
        ) from None


# -- the header ------------------------------------------------------------------------------------


def _find_header(rows: Iterator[tuple[int, list]], is_header):
    """(score, line, titles, text above, the data rows) for the best-scoring of the first rows."""
    buffered = []
    for item in rows:
        buffered.append(item)
        if len(buffered) >= HEADER_SCAN:
            break
    if not buffered:
        return None
    scores = [is_header(cells) if is_header else 1 for _, cells in buffered]
    best = max(range(len(buffered)), key=lambda i: (scores[i], -i))
    if scores[best] <= 0:  # nothing recognisable: the widest of the first rows is the likeliest header
        best = max(range(len(buffered)), key=lambda i: (sum(1 for c in buffered[i][1] if c), -i))
    line, cells = buffered[best]
    titles = [c.text if isinstance(c, Odd) else c for c in cells]
    above = [" ".join(str(c.text if isinstance(c, Odd) else c) for c in row if c) for _, row in buffered[:best]]

    def rest():
        count = 0
        for item in buffered[best + 1 :]:
            yield item
        for item in rows:
            count += 1
            if count > MAX_ROWS:
                raise RosterError(f"more than {MAX_ROWS:,} rows; split the roster")
            yield item

    return scores[best], line, titles, above, rest()

"""Downloads: tables as CSV that Excel opens right and that cannot smuggle formulas.

Two kinds of CSV, one writer (:func:`csv_text`):

- **for a person** (:func:`person_csv`, the pages' downloads): in the reader's language, so
  that a Swedish Excel opens it in columns — Swedish ``;`` and decimal comma, English ``,``
  and point — with readable headers, shares as per cent and whole numbers without ``.0``
  (:func:`person_table`);
- **machine-readable** (:func:`csv_bytes`): ``,``, decimal point, the raw column names, for
  what must be read back in (the steward's responses, the command line's ``export``).

Both neutralise every text cell (:func:`neutralise`).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence

import pandas as pd

# A formula starts with one of these (after NFKC, so the full-width ＝ ＋ － ＠, the small
# ﹦ ﹢ ﹣ ﹫ and the like count too, since some spreadsheet set-ups fold them to ASCII).
_FORMULA = "=+\\-@"
# A cell starting with a formula character, a tab or a carriage return (after spaces) could
# run; so could every piece after a separator a spreadsheet may split a cell on (Swedish
# Excel splits a CSV on ";", others on "," or tab, some on "|"): both get an apostrophe.
_RISKY = re.compile(rf"^[ ]*(?=[{_FORMULA}\t\r])|(?<=[;,\t|\r\n])[ ]*(?=[{_FORMULA}])")


def _folded(text: str) -> str:
    """``text`` with each character replaced by the first character of its NFKC form, so
    the rule sees ``＝`` as ``=`` and a no-break space as a space, position for position."""
    if text.isascii():
        return text
    return "".join((unicodedata.normalize("NFKC", c) or c)[0] for c in text)


def neutralise(value: object) -> object:
    """Make a text cell inert in every spreadsheet: no piece of it can start a formula.

    The one home of the rule, used by every writer (CSV, XLSX, the command line's tables). A
    cell that starts with ``= + - @``, a tab or a carriage return (after spaces) gets an
    apostrophe in front, and so does every such character that follows a separator a
    spreadsheet may split on (``;``, ``,``, tab, ``|``, a line break). The rule reads the
    text NFKC-normalised, so full-width and other look-alike signs (``＝ ＋ － ＠``) and
    look-alike separators (``；``, ``，``) count the same; the text itself is kept as it was.
    Numbers are left alone (a negative number is not a formula).

    >>> neutralise("=SUM(A1:A9)"), neutralise("-3"), neutralise(-3), neutralise("Växjö")
    ("'=SUM(A1:A9)", "'-3", -3, 'Växjö')
    >>> neutralise(";=cmd|' /C calc'!A0")
    ";'=cmd|' /C calc'!A0"
    >>> neutralise("＝1+1"), neutralise("a，＠SUM(1)"), neutralise(" =1")
    ("'＝1+1", "a，'＠SUM(1)", " '=1")
    """
    if not isinstance(value, str):
        return value
    folded = _folded(value)
    cuts = [m.end() for m in _RISKY.finditer(folded)]
    if not cuts:
        return value
    pieces, last = [], 0
    for cut in cuts:
        pieces += [value[last:cut], "'"]
        last = cut
    return "".join([*pieces, value[last:]])


def csv_bytes(
    table: pd.DataFrame,
    header_lines: Sequence[str] | None = None,
    sep: str = ",",
    decimal: str = ".",
    float_format: str | None = None,
) -> bytes:
    """The table as UTF-8 CSV with BOM (so Excel shows å/ä/ö), formula-safe; machine-readable
    unless ``sep``/``decimal`` say otherwise (see :func:`person_csv`).

    Args:
        table: what to export.
        header_lines: lines written first, each as a one-cell row (source, round, measure).
        sep: the separator (``;`` for Swedish Excel).
        decimal: the decimal mark.
        float_format: how floats are written (None: in full).

    Returns:
        The file's bytes.
    """
    lines = "".join(
        f'"{neutralise(line).replace(chr(34), chr(34) * 2)}"\n' for line in header_lines or []
    )
    return ("\ufeff" + lines + csv_text(table, sep, decimal, float_format)).encode("utf-8")


# --- for a person in language L ---------------------------------------------------------------

CSV_STYLE = {"sv": (";", ","), "en": (",", ".")}
"""The separator and decimal mark a spreadsheet in each language expects."""
_ROUND_YEAR = re.compile(r"(?P<base>.+)_(?P<year>\d{4})")


def person_table(table: pd.DataFrame, lang: str, shares: Collection[str] = ()) -> pd.DataFrame:
    """``table`` the way a person reads it in ``lang``.

    - headers readable (:func:`readable_header`); a share's header says "(%)";
    - the share columns (:func:`share_columns` of ``shares``, the share measures' names)
      as per cent with one decimal; other fractions with two decimals;
    - a column of whole numbers (``3.0``, counts stored as floats) as whole numbers.

    >>> t = pd.DataFrame({"area_id": ["a"], "andel_angelaget": [0.6286], "n": [35.0]})
    >>> person_table(t, "sv", shares={"andel_angelaget"}).to_dict("records")
    [{'Område (id)': 'a', 'Andel angeläget (4–5) (%)': 62.9, 'Antal svarande': 35}]
    """
    percent = share_columns(table.columns, shares)
    out = table.copy()
    for index, column in enumerate(table.columns):
        values = out.iloc[:, index]
        if not pd.api.types.is_float_dtype(values):
            continue
        if column in percent:
            values = (values * 100).round(1)
        elif values.dropna().mod(1).eq(0).all():
            values = values.astype("Int64")
        else:
            values = values.round(2)
        out.isetitem(index, values)
    out.columns = [
        readable_header(str(c), lang) + (" (%)" if c in percent else "") for c in table.columns
    ]
    return out


def share_columns(columns: Iterable[object], shares: Collection[str]) -> set[str]:
    """The columns holding a 0–1 share: one of the ``shares`` (the share measures' names,
    from the measure registry), alone or with a round (``andel_angelaget_2023``).

    >>> sorted(share_columns(["andel_angelaget", "andel_angelaget_2023", "n"], {"andel_angelaget"}))
    ['andel_angelaget', 'andel_angelaget_2023']
    """
    found = set()
    for column in map(str, columns):
        dated = _ROUND_YEAR.fullmatch(column)
        if column in shares or (dated and dated["base"] in shares):
            found.add(column)
    return found


def readable_header(column: str, lang: str) -> str:
    """A raw column name as a person reads it in ``lang``: ``export_kol_<name>`` or a
    measure's name (``matt_<name>``), ``<measure>_2023`` as "<its name> 2023"; any other
    name (already readable) as it is.

    >>> readable_header("medelbetyg_2023", "en"), readable_header("Namn", "sv")
    ('Mean rating (1–5) 2023', 'Namn')
    """
    from linnedata import i18n

    texts = i18n.load_texts()
    for key in (f"export_kol_{column}", f"matt_{column}"):
        if key in texts:
            return i18n.t(key, lang)
    dated = _ROUND_YEAR.fullmatch(column)
    if dated and (base := readable_header(dated["base"], lang)) != dated["base"]:
        return f"{base} {dated['year']}"
    return column


def person_csv(
    table: pd.DataFrame,
    lang: str,
    header_lines: Sequence[str] | None = None,
    shares: Collection[str] = (),
) -> bytes:
    """The one "write a table for a person in language ``lang``": :func:`person_table`
    written with the language's separator and decimal mark (:data:`CSV_STYLE`), formula-safe,
    UTF-8 with BOM."""
    sep, decimal = CSV_STYLE.get(lang, CSV_STYLE["sv"])
    # %.15g: the rounded values exactly, and no "3.0" where a fraction column holds a 3
    return csv_bytes(person_table(table, lang, shares), header_lines, sep, decimal, "%.15g")


def csv_text(
    table: pd.DataFrame, sep: str = ",", decimal: str = ".", float_format: str | None = None
) -> str:
    """The table as CSV text (no BOM), every text cell and column name neutralised.

    The one CSV writer of every export (the app's downloads, the command line's output).
    """
    safe = table.copy()
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    for index in range(safe.shape[1]):
        column = safe.iloc[:, index]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            safe.isetitem(index, column.map(neutralise))
    return safe.to_csv(
        index=False, lineterminator="\n", sep=sep, decimal=decimal, float_format=float_format
    )


_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``, unique.

    >>> sheet_name("Skola/förskola: 2024")
    'Skola förskola  2024'
    >>> sheet_name("Växjö", {"Växjö"})
    'Växjö (2)'
    """
    base = name.translate(_SHEET_NAME_FORBIDDEN).strip().strip("'")[:31] or "Blad"
    candidate, number = base, 2
    while candidate in (taken or set()):
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def xlsx_bytes(
    sheets: Mapping[str, pd.DataFrame] | pd.DataFrame, header_lines: Sequence[str] | None = None
) -> bytes:
    """Tables as one XLSX workbook, one sheet per table, formula-safe.

    Each sheet starts with the header lines (source, round, measure), one per row, then an
    empty row and the table with a bold header row that stays in view when scrolling. Text cells
    (column names included) are neutralised like in :func:`csv_bytes`, so nothing runs as a
    formula when the file is opened.

    Args:
        sheets: sheet name → table, in order; a single table becomes the sheet "Data".
        header_lines: lines written above every table.

    Returns:
        The file's bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if isinstance(sheets, pd.DataFrame):
        sheets = {"Data": sheets}
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for name, table in sheets.items():
        worksheet = workbook.create_sheet(sheet_name(str(name), taken))
        taken.add(worksheet.title)
        for line in header_lines or []:
            worksheet.append([neutralise(line)])
        if header_lines:
            worksheet.append([])
        first_row = worksheet.max_row + 1 if header_lines else 1
        worksheet.append([neutralise(str(column)) for column in table.columns])
        for cell in worksheet[first_row]:
            cell.font = Font(bold=True)
        for row in table.itertuples(index=False):
            worksheet.append([_cell(value) for value in row])
        worksheet.freeze_panes = worksheet.cell(row=first_row + 1, column=1)
        for index, column in enumerate(table.columns, start=1):
            lengths = [len(str(column))] + [len(str(v)) for v in table.iloc[:200, index - 1]]
            worksheet.column_dimensions[get_column_letter(index)].width = min(max(lengths) + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    """A value openpyxl writes as data: missing → empty, numpy scalars → Python, text neutralised."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return neutralise(value)

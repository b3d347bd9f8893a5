"""The *Ladda ner* menu beside a chart or table: its data as CSV and XLSX, the chart as PNG,
made only when the menu is open and each file only when clicked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from linnedata.export import person_csv, person_table, xlsx_bytes
from linnedata.figures import measures
from linnedata.graphics import images
from ui import lang, opened_menu, tr


class File(NamedTuple):
    """One more file in the menu: made by ``make`` when clicked, named ``file_stem.kind``,
    its button's key ``key + "_" + kind``."""

    kind: str
    label: str
    mime: str
    icon: str
    make: Callable[[], bytes | str]


def download(
    table: pd.DataFrame,
    *,
    file_stem: str,
    header_lines: list[str],
    key: str,
    figure: go.Figure | None = None,
    title: str | None = None,
    more: Sequence[File] = (),
) -> None:
    """Downloads beside a chart: its data as CSV and XLSX, and the chart itself as PNG.

    The CSV (UTF-8 with BOM) and the XLSX carry ``header_lines`` (source, round, measure)
    above the table, written for a person in the page's language (``export.person_csv``:
    in Swedish ``;`` and decimal comma, readable headers, shares as per cent, whole numbers
    whole); text cells that a spreadsheet would run as a formula are neutralised.
    All three are made only when the user clicks (deferred downloads), so the page does
    not pay for them on every rerun (the CSV was ~10 % of a served run's CPU, py-spy). The
    buttons sit in a "Ladda ner" menu (a popover) that is made only while it is open, so a
    page run sends one element for them, not a row and three buttons (issue 23). The
    buttons keep the keys ``key`` (CSV), ``key + "_xlsx"``, ``key + "_png"`` and
    ``key + "_" + kind`` for ``more``; the menu's key is ``key + "_meny"``.

    Args:
        table: the data behind the chart.
        file_stem: the file name without extension.
        header_lines: lines written above the table.
        key: the CSV button's widget key.
        figure: the plotly chart to offer as PNG; None offers no image.
        title: printed above the chart in the PNG (the header lines go below it).
        more: further files for the same menu (Karta's map as SVG and PNG).
    """
    menu = opened_menu(tr("ladda_ner"), key=f"{key}_meny")
    if menu is None:
        return
    lines, language = list(header_lines), lang()
    shares = {m for m in measures.MEASURES if measures.get(m).percent}  # 0–1 shares
    files = [
        File("csv", tr("ladda_ner_csv"), "text/csv", ":material/download:",
             lambda: person_csv(table, language, lines, shares)),
        File("xlsx", tr("ladda_ner_xlsx"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ":material/table_view:",
             lambda: xlsx_bytes({tr("blad_data"): person_table(table, language, shares)}, lines)),
    ]  # fmt: skip
    if figure is not None:
        files.append(File("png", tr("ladda_ner_png"), "image/png", ":material/image:",
                          lambda: images.png_bytes(figure, title=title, notes=lines)))  # fmt: skip
    for kind, label, mime, icon, make in [*files, *more]:
        menu.download_button(
            label, data=make, file_name=f"{file_stem}.{kind}", mime=mime,
            key=key if kind == "csv" else f"{key}_{kind}", icon=icon, on_click="ignore",
        )  # fmt: skip

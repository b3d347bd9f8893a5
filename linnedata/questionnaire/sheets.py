"""The links as files for the steward: CSV and XLSX for a mail merge (through the project's
export writer, formula-safe) and a printable HTML sheet (everything escaped)."""

from __future__ import annotations

import html

import pandas as pd

from linnedata import export, i18n


def with_address(links: pd.DataFrame, base_url: str) -> pd.DataFrame:
    """``kommun_kod, kommun, url, lank``: the path and the whole address for a letter."""
    return links.assign(lank=[base_url.rstrip("/") + u for u in links["url"]])


def header(label: str, lang: str) -> list[str]:
    """The lines above the table: what the file is and that it is secret."""
    return [i18n.t("enkat_lankar_fil", lang, round=label), i18n.t("enkat_lankar_hemliga", lang)]


def links_csv(links: pd.DataFrame, label: str, lang: str) -> bytes:
    """The links as CSV (UTF-8 with BOM), header lines first."""
    return export.csv_bytes(links, header(label, lang))


def links_xlsx(links: pd.DataFrame, label: str, lang: str) -> bytes:
    """The links as an XLSX workbook."""
    return export.xlsx_bytes(links, header(label, lang))


def links_html(links: pd.DataFrame, label: str, lang: str) -> bytes:
    """A printable sheet: one block per municipality with its name and whole address."""
    blocks = "\n".join(
        f"<section><h2>{html.escape(str(row.kommun))} ({html.escape(str(row.kommun_kod))})</h2>"
        f"<p class='url'>{html.escape(str(row.lank))}</p></section>"
        for row in links.itertuples()
    )
    title = html.escape(i18n.t("enkat_lankar_fil", lang, round=label))
    note = html.escape(i18n.t("enkat_lankar_hemliga", lang))
    page = f"""<!doctype html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:2em}}section{{break-inside:avoid;border-bottom:1px solid #999;padding:.5em 0}}
.url{{font-family:monospace;font-size:1.1em;word-break:break-all}}</style></head>
<body><h1>{title}</h1><p>{note}</p>
{blocks}
</body></html>
"""
    return page.encode("utf-8")

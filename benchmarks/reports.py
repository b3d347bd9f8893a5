"""How long a PDF report takes and how big it is: ``python -m benchmarks.reports``.

For the Kommunrapport of two municipalities and the Regionrapport, in Swedish and English:
the first report on a new Dataset (as the first click after a publish: every round's
measures are computed then) and the median of later ones on the same Dataset (as the app,
which keeps one Dataset per store revision), and of those the median time Typst takes to
typeset the finished document (``typeset.render``; the rest is gathering the figures). The
app also keeps each finished PDF per revision, municipality, round and language, so a second
click costs nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from linnedata.demo import load_demo
from linnedata.reports import pdf, typeset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    surveys = load_demo()
    round_label = max(surveys)
    print("report                lang  first (s)  later, median (s)  typeset (s)  size (KB)  pages")
    for code in ("0780", "0680", None):
        for lang in ("sv", "en"):
            data = pdf.ReportData.of_surveys(surveys, is_demo=True)

            def document(
                data: pdf.ReportData = data, code: str | None = code, lang: str = lang
            ) -> typeset.Report:
                if code is None:
                    return pdf.region_document(data, round_label, lang)
                return pdf.kommun_document(data, code, round_label, lang)

            start = time.perf_counter()
            content = typeset.render(document())
            first = time.perf_counter() - start
            later, typesetting = [], []
            for _ in range(args.repeats):
                start = time.perf_counter()
                made = document()
                middle = time.perf_counter()
                typeset.render(made)
                end = time.perf_counter()
                later.append(end - start)
                typesetting.append(end - middle)
            name = "Regionrapport" if code is None else f"Kommunrapport {code}"
            print(
                f"{name:<21} {lang:<4}  {first:9.2f}  {statistics.median(later):17.2f}"
                f"  {statistics.median(typesetting):11.3f}"
                f"  {len(content) / 1024:9.1f}  {pdf.page_count(content):5d}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

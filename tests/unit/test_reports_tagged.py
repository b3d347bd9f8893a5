"""The Kommunrapport and Regionrapport are tagged PDFs (PDF/UA-1), read back with pypdf.

For both reports in Swedish and English: every text the pages draw is inside marked content
that the structure tree points at (or inside an artifact, such as the footer); the tree has one
H1 (the title) and an H2 per bookmark in reading order, paragraphs, lists, tables with column
header cells (TH, /Scope /Column), a row header first in every body row (TH, /Scope /Row)
and data cells (TD) naming both; every Figure has alternative text; the Regionrapport's map
has its values as a table; /Lang, the displayed title, /MarkInfo and the PDF/UA
identification are set. Independent of Typst: only the PDF's own objects are read.
"""

from __future__ import annotations

import collections
import io
import re
from dataclasses import dataclass, field

import pandas as pd
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from linnedata import i18n
from linnedata.demo import load_demo
from linnedata.figures import measures
from linnedata.reports import pdf, typeset

SURVEYS = load_demo()
DATA = pdf.ReportData.of_surveys(SURVEYS, is_demo=True)
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
CASES = [("kommun", "sv"), ("kommun", "en"), ("region", "sv"), ("region", "en")]


_MADE: dict[tuple[str, str], tuple[bytes, list]] = {}


def _made_with_warnings(kind: str, lang: str) -> tuple[bytes, list]:
    if (kind, lang) not in _MADE:
        if kind == "kommun":
            document = pdf.kommun_document(DATA, "0780", "2024", lang)
        else:
            document = pdf.region_document(DATA, "2024", lang)
        _MADE[(kind, lang)] = typeset.render_with_warnings(document)
    return _MADE[(kind, lang)]


def _made(kind: str, lang: str) -> bytes:
    return _made_with_warnings(kind, lang)[0]


@dataclass
class Element:
    """A structure element: its type, attributes, alternative text and children."""

    kind: str
    attributes: list[dict] = field(default_factory=list)
    alt: str = ""
    ident: str = ""
    children: list[Element] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _page_id(obj) -> int | None:
    return obj.idnum if isinstance(obj, IndirectObject) else None


def _structure(reader: PdfReader) -> tuple[Element, set[tuple[int, int]]]:
    """The structure tree, and every (page object number, MCID) its elements reference."""
    referenced: set[tuple[int, int]] = set()

    def element(node: DictionaryObject, page: int | None) -> Element:
        page = _page_id(node.get("/Pg")) or page
        attributes = _resolve(node.get("/A", ArrayObject()))
        if isinstance(attributes, DictionaryObject):
            attributes = [attributes]
        made = Element(
            kind=str(node.get("/S", "")),
            attributes=[dict(_resolve(a)) for a in attributes],
            alt=str(node.get("/Alt", "")),
            ident=str(node.get("/ID", "")),
        )
        kids = _resolve(node.get("/K", ArrayObject()))
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            kid = _resolve(kid)
            if isinstance(kid, int):
                referenced.add((page, int(kid)))
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                referenced.add((_page_id(kid.get("/Pg")) or page, int(kid["/MCID"])))
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                made.children.append(element(kid, page))
        return made

    root = _resolve(reader.trailer["/Root"]["/StructTreeRoot"])
    top = Element(kind="/StructTreeRoot")
    kids = _resolve(root["/K"])
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        top.children.append(element(_resolve(kid), None))
    return top, referenced


def _text_marks(reader: PdfReader) -> list[tuple[int, str, int | None]]:
    """Per text operator on every page: (page object number, the innermost marked-content tag
    around it or "" when none, the MCID of the innermost marked content that has one)."""
    found = []
    for page in reader.pages:
        number = page.indirect_reference.idnum
        stack: list[tuple[str, int | None]] = []
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BMC":
                stack.append((str(operands[0]), None))
            elif operator == b"BDC":
                properties = _resolve(operands[1])
                if not isinstance(properties, DictionaryObject):
                    properties = page["/Resources"]["/Properties"][operands[1]]
                mcid = properties.get("/MCID")
                stack.append((str(operands[0]), None if mcid is None else int(mcid)))
            elif operator == b"EMC":
                stack.pop()
            elif operator in TEXT_OPERATORS:
                tags = [tag for tag, _ in stack]
                mcids = [m for _, m in stack if m is not None]
                tag = "/Artifact" if "/Artifact" in tags else (tags[-1] if tags else "")
                found.append((number, tag, mcids[-1] if mcids else None))
            elif operator == b"Do":
                xobject = _resolve(page["/Resources"]["/XObject"][operands[0]])
                assert xobject["/Subtype"] == "/Image" or stack, "a form drawn outside tags"
    return found


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_every_drawn_text_is_tagged_content_or_an_artifact(kind: str, lang: str) -> None:
    reader = PdfReader(io.BytesIO(_made(kind, lang)))
    _, referenced = _structure(reader)
    marks = _text_marks(reader)
    assert len(marks) > 100
    untagged = [m for m in marks if m[1] != "/Artifact" and (m[0], m[2]) not in referenced]
    assert untagged == []
    tagged = [m for m in marks if m[1] != "/Artifact"]
    assert len(tagged) > 0.8 * len(marks)
    # the running footer ("Sida 1 av 2") is an artifact on every page
    artifact_pages = {page for page, tag, _ in marks if tag == "/Artifact"}
    assert artifact_pages == {page.indirect_reference.idnum for page in reader.pages}


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_the_structure_has_headings_in_reading_order_paragraphs_lists_and_tables(
    kind: str, lang: str
) -> None:
    reader = PdfReader(io.BytesIO(_made(kind, lang)))
    tree, _ = _structure(reader)
    elements = list(tree.walk())
    counts = collections.Counter(e.kind for e in elements)
    assert counts["/H1"] == 1
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert counts["/H2"] == len(outline) >= 7
    assert outline[-1] == i18n.t("rapport_om_siffrorna", lang)
    assert counts["/P"] >= 10
    assert counts["/L"] >= 2
    assert counts["/LI"] >= 5
    assert counts["/Table"] >= (2 if kind == "kommun" else 5)
    # H1 first, then the H2s in the order of the bookmarks (the logical reading order)
    headings = [e.kind for e in elements if e.kind in ("/H1", "/H2")]
    assert headings == ["/H1"] + ["/H2"] * len(outline)


def _table_attribute(cell: Element, key: str):
    for attributes in cell.attributes:
        if attributes.get("/O") == "/Table" and key in attributes:
            return attributes[key]
    return None


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_every_table_has_column_and_row_headers_and_data_cells(kind: str, lang: str) -> None:
    reader = PdfReader(io.BytesIO(_made(kind, lang)))
    tree, _ = _structure(reader)
    tables = [e for e in tree.walk() if e.kind == "/Table"]
    for table in tables:
        header, *body = [e for e in table.walk() if e.kind == "/TR"]
        assert header.children
        assert all(c.kind == "/TH" for c in header.children)
        assert all(_table_attribute(c, "/Scope") == "/Column" for c in header.children)
        assert body
        for row in body:
            first, *cells = row.children
            assert len(row.children) == len(header.children)
            # the first cell names the row (an area, a municipality): a row header
            assert first.kind == "/TH"
            assert _table_attribute(first, "/Scope") == "/Row"
            assert all(c.kind == "/TD" for c in cells)
            # each data cell names its column's header and its row's header
            assert all(len(_table_attribute(c, "/Headers")) == 2 for c in cells)
    # every header cell has its own /ID, and the /IDTree finds each
    ids = [e.ident for e in tree.walk() if e.kind == "/TH"]
    assert all(ids)
    assert len(ids) == len(set(ids))
    names = reader.trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Names"]
    assert set(ids) <= {str(name) for name in list(names)[::2]}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_map_is_a_figure_with_alt_text_and_its_values_are_a_table(lang: str) -> None:
    content = _made("region", lang)
    reader = PdfReader(io.BytesIO(content))
    tree, _ = _structure(reader)
    figures = [e for e in tree.walk() if e.kind == "/Figure"]
    assert len(figures) == 1
    alt = figures[0].alt
    region = measures.group_measures(measures.area_measures(SURVEYS["2024"]), "area_id")
    top = region.sort_values("medelbetyg", ascending=False).iloc[0]["area_id"]
    assert DATA.taxonomy.label("area", top, lang) in alt
    assert "38" in alt
    # it names the lowest municipality and its value (computed here from the responses)
    area = measures.area_measures(SURVEYS["2024"])
    rated = area.loc[area["area_id"] == top].dropna(subset=["medelbetyg"])
    lowest = rated.loc[rated["medelbetyg"] == rated["medelbetyg"].min(), "kommun_kod"]
    assert len(lowest) == 1
    name = DATA.region.set_index("kommun_kod").loc[lowest.iloc[0], "kommun"]
    low = measures.format_measure(rated["medelbetyg"].min(), "medelbetyg", lang)
    assert f"{name} ({low})" in alt
    # one table row per municipality of the region, under a header row
    sizes = [
        len([r for r in t.walk() if r.kind == "/TR"]) for t in tree.walk() if t.kind == "/Table"
    ]
    assert len(DATA.region) + 1 in sizes
    # the values in the text: a municipality's mean rating of the top area with its n
    row = area.loc[(area["kommun_kod"] == "0780") & (area["area_id"] == top)].iloc[0]
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    value = measures.format_measure(row["medelbetyg"], "medelbetyg", lang)
    assert re.search(rf"Växjö {re.escape(value)}\*? \({row['antal_svarande']}\)", text)
    assert i18n.t("inget_svar", lang) in text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_kommunrapport_has_no_figure_without_alt(lang: str) -> None:
    reader = PdfReader(io.BytesIO(_made("kommun", lang)))
    tree, _ = _structure(reader)
    assert all(e.alt.strip() for e in tree.walk() if e.kind == "/Figure")


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_language_title_marked_and_pdf_ua_identification(kind: str, lang: str) -> None:
    reader = PdfReader(io.BytesIO(_made(kind, lang)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert bool(root["/MarkInfo"]["/Marked"])
    title = reader.metadata.title
    assert title.startswith(i18n.t(f"rapport_{kind}_titel", lang, name="").strip())
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert f"<rdf:li>{lang}</rdf:li>" in xmp


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_table_headers_break_between_words_only(lang: str) -> None:
    reader = PdfReader(io.BytesIO(_made("region", lang)))
    first = reader.pages[0].extract_text()
    for key in ("rapport_kolumn_medelbetyg", "rapport_kolumn_prio", "rapport_kolumn_topp3"):
        for word in i18n.t(key, lang).split():
            assert word in first, word
    assert not re.search(r"\w-\n", first)  # no hyphenated word at a line's end


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_typst_lays_the_reports_out_without_warnings(kind: str, lang: str) -> None:
    content, warnings = _made_with_warnings(kind, lang)
    assert content.startswith(b"%PDF-")
    assert [w.message for w in warnings] == []


def test_a_name_the_font_cannot_draw_is_replaced_not_a_failure() -> None:
    top = ["kompetensforsorjning", "skolutveckling", "befolkningsutveckling"]

    def find(area_ids):
        return pd.DataFrame(
            {"forskare": ["Kim 🙂 Ng"], "forskningsmiljo": ["Miljö 漢"], "omraden": [tuple(top)]}
        )

    data = pdf.ReportData(DATA.dataset, find_researchers=find, researcher_source="registret")
    reader = PdfReader(io.BytesIO(pdf.kommun_report(data, "0780", "2024", "sv")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Kim \ufffd Ng" in text
    assert "Miljö \ufffd" in text
    assert "🙂" not in text


def test_a_new_section_from_plain_data_is_tagged_like_the_rest() -> None:
    """How another section (projects, proposals) is added: a heading and blocks."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">'
        '<rect width="120" height="30" fill="#084081"/>'
        '<text x="130" y="20" font-family="DejaVu Sans" font-size="12">Växjö 🙂</text></svg>'
    )
    section = typeset.Section(
        "Förslag",
        (
            typeset.Paragraph("De tio förslagen med flest röster."),
            typeset.Bullets(("Ett <b>förslag</b> #[x]", "Ett till")),
            typeset.Table(("Förslag", "Röster"), (("Gemensam *upphandling*", "12"),), (3, 1)),
            typeset.SvgFigure(svg, alt="Stapel: 12 röster för gemensam upphandling."),
        ),
    )
    document = pdf.kommun_document(DATA, "0780", "2024", "sv")
    document = typeset.Report(**{**vars(document), "sections": (*document.sections, section)})
    content, warnings = typeset.render_with_warnings(document)
    assert warnings == []
    reader = PdfReader(io.BytesIO(content))
    tree, referenced = _structure(reader)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[-1] == "Förslag"
    figures = [e for e in tree.walk() if e.kind == "/Figure"]
    assert [f.alt for f in figures] == ["Stapel: 12 röster för gemensam upphandling."]
    marks = _text_marks(reader)
    assert all(m[1] == "/Artifact" or (m[0], m[2]) in referenced for m in marks)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ett <b>förslag</b> #[x]" in text  # shown as written, never read as markup
    assert "Gemensam *upphandling*" in text


def test_a_figure_without_alternative_text_is_refused() -> None:
    with pytest.raises(ValueError, match="alternative text"):
        typeset.SvgFigure("<svg/>", alt=" ")

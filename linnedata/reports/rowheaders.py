"""Row headers for the tables of a tagged PDF that Typst wrote.

Typst tags a table's header row as ``TH`` cells with ``/Scope /Column`` and every other cell
as ``TD`` naming its column header in ``/Headers``. Every table of the reports also has a
header *column*: the first cell of a row names what the row is about (an area, a
municipality). Typst can tag that too (``pdf.header-cell(scope: "row")``), but only behind
its ``a11y-extras`` feature flag, which the Python binding cannot switch on. So this module
does the same in the finished PDF, with pypdf: in each table body row the first cell becomes
``TH`` with ``/Scope /Row`` and an ``/ID`` (in the structure tree's ``/IDTree``), and the
row's other cells name it in their ``/Headers`` beside their column header. Nothing else
changes: not the pages, not the marked content, not the metadata.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)


def _resolve(obj: object) -> object:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _kids(element: DictionaryObject, kind: str | None = None) -> Iterator[IndirectObject]:
    """The structure elements directly under ``element`` (of type ``kind``), as references."""
    kids = element.get("/K", ArrayObject())
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        node = _resolve(kid)
        element = isinstance(kid, IndirectObject) and isinstance(node, DictionaryObject)
        if element and "/S" in node and (kind is None or node["/S"] == kind):
            yield kid


def _tables(element: DictionaryObject) -> Iterator[DictionaryObject]:
    for kid in _kids(element):
        node = kid.get_object()
        if node["/S"] == "/Table":
            yield node
        else:
            yield from _tables(node)


def _table_attributes(cell: DictionaryObject) -> DictionaryObject:
    """The cell's attribute dictionary of owner ``/Table`` (made when it has none)."""
    attributes = _resolve(cell.get("/A", ArrayObject()))
    if isinstance(attributes, DictionaryObject):
        attributes = ArrayObject([attributes])
    for item in attributes:
        item = _resolve(item)
        if isinstance(item, DictionaryObject) and item.get("/O") == "/Table":
            cell[NameObject("/A")] = attributes
            return item
    made = DictionaryObject({NameObject("/O"): NameObject("/Table")})
    attributes.append(made)
    cell[NameObject("/A")] = attributes
    return made


def _mark_row(row: DictionaryObject, ident: str) -> IndirectObject | None:
    """Make the row's first cell its header; the reference to it, or None if it is one."""
    cells = list(_kids(row))
    if len(cells) < 2 or cells[0].get_object()["/S"] != "/TD":
        return None
    header = cells[0].get_object()
    header[NameObject("/S")] = NameObject("/TH")
    header[NameObject("/ID")] = TextStringObject(ident)
    _table_attributes(header)[NameObject("/Scope")] = NameObject("/Row")
    for cell in cells[1:]:
        attributes = _table_attributes(cell.get_object())
        named = _resolve(attributes.get("/Headers", ArrayObject()))
        attributes[NameObject("/Headers")] = ArrayObject([*named, TextStringObject(ident)])
    return cells[0]


def with_row_headers(content: bytes) -> bytes:
    """The PDF with each table body row's first cell tagged as its row header."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    root = writer.root_object["/StructTreeRoot"].get_object()
    added: dict[str, IndirectObject] = {}
    for number, table in enumerate(_tables(root)):
        rows = [row for body in _kids(table, "/TBody") for row in _kids(body.get_object(), "/TR")]
        for index, row in enumerate(rows):
            ident = f"R{number}y{index}"
            header = _mark_row(row.get_object(), ident)
            if header is not None:
                added[ident] = header
    if added:
        _register(root, added)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _register(root: DictionaryObject, added: dict[str, IndirectObject]) -> None:
    """Put the new IDs into the structure tree's ID name tree (one flat, sorted list)."""
    tree = _resolve(root.get("/IDTree"))
    entries: dict[str, object] = {}
    if isinstance(tree, DictionaryObject):
        names = _resolve(tree.get("/Names", ArrayObject()))
        entries = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
        if "/Kids" in tree:
            raise ValueError("an /IDTree with /Kids is not expected from Typst")
    entries.update(added)
    flat = ArrayObject()
    for name in sorted(entries, key=lambda n: n.encode("utf-8")):
        flat.extend([TextStringObject(name), entries[name]])
    root[NameObject("/IDTree")] = DictionaryObject({NameObject("/Names"): flat})

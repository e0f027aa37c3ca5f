"""Building blocks shared by every template: page set-up, styles, letterhead, footer,
paragraph and table helpers, signature blocks and a byte-for-byte deterministic save.

Everything here writes docxtpl/Jinja tags as plain text into runs that python-docx
creates, so a tag never gets split across runs (the usual docxtpl pitfall with files
edited in Word).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Arial"
RED = "C8102E"  # Peru state red
DARK = "262626"  # entity block of the state brand
GREY = "6F6F6F"  # office block of the state brand
HEADER_FILL = "D9D9D9"  # table header rows (prints well in black and white)
BORDER = "7F7F7F"
FIXED_TIME = dt.datetime(2014, 1, 1, 0, 0, 0)

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY

# A run is plain text, or (text, flags) where flags may hold b (bold), i (italic),
# u (underline), s (small, 8 pt), w (white), r (red).
Run: TypeAlias = str | tuple[str, str]
Container = Any  # the document, a table cell, a header or a footer
CellContent: TypeAlias = str | Sequence[Run] | Callable[[_Cell], None] | None


def opt(name: str) -> str:
    """Jinja test for an optional key under StrictUndefined: defined and truthy."""
    return f"{name} is defined and {name}"


# --------------------------------------------------------------------------- document


def _set_run_fonts(rpr: Any, size: float | None = None) -> None:
    """Force Arial on every script slot, dropping theme fonts (which would win)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def new_document(title: str, landscape: bool = False) -> DocumentObject:
    """A4, 2.5 cm margins, Arial 11, Spanish (Peru) proofing language."""
    doc = Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2.5)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(0.8)

    styles = doc.styles
    # document defaults
    rpr_default = (
        styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    _set_run_fonts(rpr_default, 11)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "es-PE")

    normal = styles["Normal"]
    _set_run_fonts(normal.element.get_or_add_rPr(), 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    for name, size, before, after in (("Heading 1", 12, 12, 6), ("Heading 2", 11, 10, 4)):
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        _set_run_fonts(rpr, size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        color = rpr.find(qn("w:color"))
        for attr in list(color.attrib):
            if attr != qn("w:val"):
                del color.attrib[attr]
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    props = doc.core_properties
    props.title = title
    props.author = "Presidencia del Consejo de Ministros - Secretaría de Gestión Pública"
    props.last_modified_by = "gobierno-abierto-flujo"
    props.subject = "Plan de Acción de Gobierno Abierto"
    props.language = "es-PE"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.keywords = ""
    props.comments = "Plantilla generada por templates/docx/build_templates.py"
    return doc


def save_deterministic(doc: DocumentObject, path: Path) -> None:
    """Save with fixed zip timestamps so rebuilding gives identical bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


# --------------------------------------------------------------------------- paragraphs


def _new_paragraph(container: Container) -> Paragraph:
    """Add a paragraph; in a new table cell, use its pristine empty paragraph first."""
    if not isinstance(container, DocumentObject):
        existing = container.paragraphs
        if len(existing) == 1 and existing[0]._p.pPr is None and not existing[0].runs:
            return existing[0]
    return container.add_paragraph()


def _clear(container: Container) -> None:
    """Remove the default empty paragraph of a header or footer."""
    for paragraph in container.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)


def add_run(paragraph: Paragraph, run: Run, size: float | None = None) -> None:
    text, flags = (run, "") if isinstance(run, str) else run
    r = paragraph.add_run(text)
    r.bold = True if "b" in flags else None
    r.italic = True if "i" in flags else None
    if "u" in flags:
        r.underline = True
    if "s" in flags:
        r.font.size = Pt(8)
    elif size is not None:
        r.font.size = Pt(size)
    if "w" in flags:
        r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if "r" in flags:
        r.font.color.rgb = RGBColor.from_string(RED)


def p(
    container: Container,
    *runs: Run,
    align: Any = None,
    style: str | None = None,
    size: float | None = None,
    before: float | None = None,
    after: float | None = None,
    keep_next: bool = False,
    indent: float | None = None,
    hanging: float | None = None,
    line: float | None = None,
) -> Paragraph:
    """Add a paragraph made of runs (see ``Run``) to any container."""
    paragraph = _new_paragraph(container)
    if style:
        paragraph.style = style
    fmt = paragraph.paragraph_format
    if align is not None:
        fmt.alignment = align
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next:
        fmt.keep_with_next = True
    if indent is not None:
        fmt.left_indent = Cm(indent)
    if hanging is not None:
        fmt.first_line_indent = Cm(-hanging)
    if line is not None:
        fmt.line_spacing = line
    for run in runs:
        add_run(paragraph, run, size)
    return paragraph


def tag(container: Container, statement: str) -> Paragraph:
    """A docxtpl paragraph-level tag: the whole paragraph is dropped at render time."""
    return p(container, "{%p " + statement + " %}", after=0)


def heading(container: Container, text: str, level: int = 1) -> Paragraph:
    return p(container, text, style=f"Heading {level}")


def title(container: Container, text: str, size: float = 13, after: float = 6) -> Paragraph:
    return p(container, (text, "b"), align=CENTER, size=size, after=after, keep_next=True)


def paragraphs(container: Container, var: str, item: str = "paragraph", **kw: Any) -> None:
    """One justified paragraph per string of the list ``var``."""
    kw.setdefault("align", JUSTIFY)
    tag(container, f"for {item} in {var}")
    p(container, "{{ " + item + " }}", **kw)
    tag(container, "endfor")


def bullets(
    container: Container, var: str, item: str = "entry", marker: str = "•", **kw: Any
) -> None:
    """A list rendered with a hanging marker (no numbering definitions needed)."""
    kw.setdefault("align", JUSTIFY)
    tag(container, f"for {item} in {var}")
    p(container, f"{marker}\t", "{{ " + item + " }}", indent=0.75, hanging=0.5, **kw)
    tag(container, "endfor")


def numbered(container: Container, var: str, item: str = "entry", **kw: Any) -> None:
    """A list numbered 1., 2., ... by the loop counter."""
    kw.setdefault("align", JUSTIFY)
    tag(container, f"for {item} in {var}")
    p(container, "{{ loop.index }}.\t", "{{ " + item + " }}", indent=0.75, hanging=0.75, **kw)
    tag(container, "endfor")


def page_break(container: Container) -> None:
    from docx.enum.text import WD_BREAK

    paragraph = _new_paragraph(container)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str, size: float = 7.5) -> None:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice update on display."""

    def run_with(child: Any) -> None:
        r = paragraph.add_run()
        r.font.size = Pt(size)
        r._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    r = paragraph.add_run(placeholder)
    r.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# --------------------------------------------------------------------------- tables


# schema order of the tblPr children that follow tblBorders (Word rejects other orders)
_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _valign(cell: _Cell, where: str = "center") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), where)
    tcpr.append(v)


def _borders(table: Table, visible: bool, color: str = BORDER, only_top: bool = False) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        show = visible and (not only_top or edge == "top")
        el.set(qn("w:val"), "single" if show else "nil")
        if show:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), color)
        borders.append(el)
    tblpr.insert_element_before(borders, *_AFTER_BORDERS)


def _fixed_widths(table: Table, widths: Sequence[float]) -> None:
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.insert_element_before(layout, *_AFTER_BORDERS[2:])
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths) * 567)))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width * 567)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _no_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def fill_cell(cell: _Cell, content: CellContent, size: float = 10, align: Any = None) -> None:
    if content is None:
        return
    if callable(content):
        content(cell)
        return
    runs = [content] if isinstance(content, str) else list(content)
    if align == JUSTIFY:  # justified text in narrow cells leaves rivers of white space
        align = None
    p(cell, *runs, size=size, after=0, line=1.0, align=align)


def _cell_margins(table: Table, top: int, bottom: int, left: int, right: int) -> None:
    """Default cell margins of a table, in twentieths of a point (dxa)."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.insert_element_before(margins, *_AFTER_BORDERS[3:])


def new_table(
    container: Container, rows: int, widths: Sequence[float], borders: bool = True
) -> Table:
    """A fixed-width table; borderless ones sit flush with the text margin."""
    if isinstance(container, DocumentObject):
        table = container.add_table(rows=rows, cols=len(widths))
    else:
        table = container.add_table(rows, len(widths), Cm(sum(widths)))
    if borders:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins(table, 30, 30, 85, 85)
    else:
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        _cell_margins(table, 0, 0, 0, 85)
    _borders(table, borders)
    _fixed_widths(table, widths)
    return table


def loop_table(
    container: Container,
    headers: Sequence[str],
    cells: Sequence[CellContent],
    widths: Sequence[float],
    loop: str,
    size: float = 9.5,
    aligns: Sequence[Any] | None = None,
) -> Table:
    """A bordered table: a repeated header row, then one row per item of ``loop``.

    ``loop`` is the body of the for tag, e.g. ``"a in attendees"``; the rows holding
    ``{%tr for %}`` and ``{%tr endfor %}`` disappear at render time.
    """
    table = new_table(container, 4, widths)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, headers, strict=True):
        _shade(cell, HEADER_FILL)
        _valign(cell)
        fill_cell(cell, [(text, "b")], size=size, align=CENTER)
    fill_cell(table.rows[1].cells[0], "{%tr for " + loop + " %}", size=size)
    body = table.rows[2]
    _no_split(body)
    for i, (cell, content) in enumerate(zip(body.cells, cells, strict=True)):
        fill_cell(cell, content, size=size, align=aligns[i] if aligns else None)
    fill_cell(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    return table


def field_table(
    container: Container,
    rows: Sequence[tuple[str, CellContent]],
    widths: Sequence[float] = (3.2, 12.8),
    borders: bool = False,
    size: float = 11,
    guards: Sequence[str | None] | None = None,
    label_fill: str | None = None,
) -> Table:
    """Label / value rows ("Asunto:", "Referencia:"...). ``guards`` wraps a row in
    ``{%tr if ... %}`` so an absent optional value removes the whole row."""
    guards = guards or [None] * len(rows)
    count = sum(3 if g else 1 for g in guards)
    table = new_table(container, count, widths, borders=borders)
    index = 0
    for (label, content), guard in zip(rows, guards, strict=True):
        if guard:
            fill_cell(table.rows[index].cells[0], "{%tr if " + guard + " %}", size=size)
            index += 1
        row = table.rows[index]
        _no_split(row)
        if label_fill:
            _shade(row.cells[0], label_fill)
        fill_cell(row.cells[0], [(label, "b")], size=size)
        fill_cell(row.cells[1], content, size=size, align=JUSTIFY if not borders else None)
        index += 1
        if guard:
            fill_cell(table.rows[index].cells[0], "{%tr endif %}", size=size)
            index += 1
    return table


def cell_list(
    var: str, item: str = "entry", fmt: str = "{{ entry }}", size: float = 10
) -> Callable[[_Cell], None]:
    """Cell content: one paragraph per list item; an empty list shows a dash, so the
    cell always keeps the paragraph that Word requires."""

    def build(cell: _Cell) -> None:
        tag(cell, f"for {item} in {var}")
        p(cell, fmt, size=size, after=0, line=1.0)
        tag(cell, "else")
        p(cell, "—", size=size, after=0, line=1.0)
        tag(cell, "endfor")

    return build


def cell_lines(
    *lines: Sequence[Run], size: float = 10, align: Any = None
) -> Callable[[_Cell], None]:
    def build(cell: _Cell) -> None:
        for runs in lines:
            p(cell, *runs, size=size, after=0, line=1.0, align=align)

    return build


# --------------------------------------------------------------------------- letterhead / footer


def letterhead(doc: DocumentObject) -> None:
    """State brand band (PERÚ | entity | office) and the official year name."""
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    _clear(header)
    band = [2.0, 5.6, 5.6]
    table = new_table(header, 1, band, borders=False)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    row = table.rows[0]
    row.height = Cm(1.15)
    for cell, fill in zip(row.cells, (RED, DARK, GREY), strict=True):
        _shade(cell, fill)
        _valign(cell)
    p(row.cells[0], ("PERÚ", "bw"), align=CENTER, size=12, after=0, line=1.0)
    p(row.cells[1], ("{{ entity.name }}", "bw"), size=8.5, after=0, line=1.0, indent=0.1)
    p(row.cells[2], ("{{ office.name }}", "w"), size=8.5, after=0, line=1.0, indent=0.1)
    p(header, ("“{{ year_name }}”", "i"), align=CENTER, size=8, before=6, after=14)


def footer(doc: DocumentObject) -> None:
    """Verification code, URL, audit checkpoint, page numbers and the QR image."""
    section = doc.sections[0]
    foot = section.footer
    foot.is_linked_to_previous = False
    _clear(foot)
    width = _text_width_cm(section)
    table = new_table(foot, 1, [width - 2.6, 2.6], borders=False)
    _borders_top(table)
    left, right = table.rows[0].cells
    _valign(left, "center")
    _valign(right, "center")
    small: dict[str, Any] = {"size": 7.5, "after": 0, "line": 1.0}
    p(left, ("Código de verificación: ", "b"), "{{ verification.code }}", **small, before=3)
    p(left, "Verifique la autenticidad de este documento en: ", "{{ verification.url }}", **small)
    tag(left, "if checkpoint")
    p(left, "Registro de auditoría: entrada {{ checkpoint.seq }} — {{ checkpoint.hash }}", **small)
    tag(left, "endif")
    pages = p(left, "Página ", **small, before=3)
    pages.runs[0].font.size = Pt(7.5)
    add_field(pages, "PAGE", "1")
    r = pages.add_run(" de ")
    r.font.size = Pt(7.5)
    add_field(pages, "NUMPAGES", "1")
    p(right, "{{ verification.qr }}", align=RIGHT, after=0, line=1.0, size=7.5)
    p(foot, "", size=2, after=0, line=1.0)


def _text_width_cm(section: Any) -> float:
    """Width between the side margins, in centimetres (lengths are EMU)."""
    emu = int(section.page_width) - int(section.left_margin) - int(section.right_margin)
    return emu / 360000


def _borders_top(table: Table) -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    _borders(table, True, color=RED, only_top=True)


# --------------------------------------------------------------------------- signatures


def signature_stack(container: Container, align: Any = CENTER) -> None:
    """One block per signer, in order: room for the digital stamp, name, position, entity."""
    tag(container, "for signer in signers")
    p(
        container,
        ("{{ signer.name }}", "b"),
        align=align,
        before=42,
        after=0,
        keep_next=True,
        line=1.0,
    )
    p(container, "{{ signer.position }}", align=align, after=0, keep_next=True, line=1.0)
    p(container, "{{ signer.entity }}", align=align, after=6, line=1.0)
    tag(container, "endfor")


def signature_grid(container: Container, width: float = 16.0) -> None:
    """Signers two per row (actas signed by many members)."""
    half = width / 2
    tag(container, "if signers")  # a table without rows is invalid
    table = new_table(container, 3, [half, half], borders=False)
    fill_cell(table.rows[0].cells[0], "{%tr for pair in signers|batch(2) %}")

    def block(index: int) -> Callable[[_Cell], None]:
        def build(cell: _Cell) -> None:
            guard = "if pair|length > 1" if index else None
            if guard:
                tag(cell, guard)
            who = f"pair[{index}]"
            p(
                cell,
                "_______________________________",
                align=CENTER,
                before=40,
                after=0,
                line=1.0,
                size=9,
            )
            p(cell, ("{{ " + who + ".name }}", "b"), align=CENTER, after=0, line=1.0, size=9.5)
            p(cell, "{{ " + who + ".position }}", align=CENTER, after=0, line=1.0, size=9)
            p(cell, "{{ " + who + ".entity }}", align=CENTER, after=6, line=1.0, size=9)
            if guard:
                tag(cell, "endif")
                p(cell, "", after=0)

        return build

    row = table.rows[1]
    _no_split(row)
    fill_cell(row.cells[0], block(0))
    fill_cell(row.cells[1], block(1))
    fill_cell(table.rows[2].cells[0], "{%tr endfor %}")
    tag(container, "endif")


# --------------------------------------------------------------------------- common blocks


def number_line(container: Container, prefix: str, align: Any = LEFT, size: float = 11) -> None:
    """``{{ number }}`` in bold; a draft without number shows the blank pattern
    ``PREFIJO N°       -2014-PCM/SGP`` that is filled in when the document is issued."""
    blank = (
        prefix
        + " N° "
        + "\u2002" * 6
        + "-{{ date|anio }}-{{ entity.acronym }}/{{ office.acronym }}"
    )
    p(
        container,
        ("{% if number %}{{ number }}{% else %}" + blank + "{% endif %}", "bu"),
        align=align,
        size=size,
        after=6,
        keep_next=True,
    )


def date_line(container: Container, align: Any = RIGHT) -> None:
    p(container, "{{ place }}, {{ date|fecha_larga }}", align=align, after=12)


def optional_block(container: Container, condition: str, build: Callable[[], None]) -> None:
    tag(container, f"if {condition}")
    build()
    tag(container, "endif")


def spacer(container: Container, points: float = 6) -> None:
    p(container, "", after=0, size=points / 2, line=1.0).paragraph_format.space_before = Pt(
        points / 2
    )


def iter_kinds(modules: Iterable[Any]) -> list[Any]:
    kinds = []
    for module in modules:
        kinds.extend(module.KINDS)
    return kinds

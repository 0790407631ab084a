"""The annual report's neutral document (``annual_document``) as a Word file
(python-docx): the same sections, headings, paragraphs and tables the PDF prints, so a
unit edits in Word exactly what the portal compiled. Only the layout is decided here."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from apps.core.dates import long_date

from .annual_document import AnnualDocument, Bullets, Heading, Paragraph, Table


def _table(doc, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if index in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_bytes(document: AnnualDocument) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    for line in (document.agency.upper(), document.unit_name.upper()):
        kop = doc.add_paragraph(line)
        kop.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading(document.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(document.subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in document.sections:
        doc.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Heading):
                doc.add_heading(block.text, level=2)
            elif isinstance(block, Paragraph):
                doc.add_paragraph(block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    doc.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                _table(doc, block)
    signer = document.signer
    if signer.name:
        sign = doc.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sign.add_run(
            "\n".join(
                part
                for part in (
                    long_date(signer.day) if signer.day else "",
                    signer.title,
                    "\n\n",
                    signer.name,
                    f"NIP {signer.nip}" if signer.nip else "",
                )
                if part
            )
        )
    if document.revision:
        doc.add_paragraph(
            f"Revisi {document.revision['number']} dari laporan yang terbit sebelumnya. "
            f"Alasan koreksi: {document.revision['reason']}"
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

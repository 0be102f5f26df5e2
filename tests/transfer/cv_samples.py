"""CVs made for the tests: PDFs drawn by Qt (QPdfWriter and QTextDocument, as the
reports are) and DOCX files written by python-docx, in several layouts, and the bad files
a CV importer must refuse."""

import io
import zipfile
import zlib
from pathlib import Path

import docx
from pypdf import PdfWriter
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from recruitdesk.transfer.cv_text import MAX_UNPACKED_BYTES

#: One person, written out by every layout below.
PERSON = {
    "name": "Ingrid Haugland-Berg",
    "email": "ingrid.haugland@example.org",
    "phone": "+47 912 34 567",
    "login": "ihaugland",
    "linkedin": "ingrid-haugland-7b2",
}


def pdf_from_html(path: Path, html: str) -> Path:
    """A PDF of ``html`` drawn by Qt, with real text (not an image)."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer
    return path


def classic_html() -> str:
    """Name on top, contacts on a line, a skills list, dated jobs."""
    p = PERSON
    return f"""
    <h1>{p["name"]}</h1>
    <p>{p["email"]} | {p["phone"]} | github.com/{p["login"]} |
       linkedin.com/in/{p["linkedin"]}</p>
    <h2>Skills</h2><p>Python, Django, PostgreSQL, Celery, Docker SDK, pytest</p>
    <h2>Experience</h2>
    <p><b>Senior engineer</b>, Fjord Data, 03/2019 - present</p>
    <p><b>Backend developer</b>, Nordlys AS, 06/2014 - 02/2019</p>
    <h2>Education</h2><p>MSc Computer Science, NTNU, 2009 - 2014</p>
    """


def sidebar_html() -> str:
    """A two-column table: contacts in a side column, a summary stating the years."""
    p = PERSON
    return f"""
    <table width="100%"><tr>
    <td width="30%"><p>CONTACT</p><p>Mobile: {p["phone"]}</p><p>{p["email"]}</p>
      <p>GitHub: {p["login"]}</p></td>
    <td><p style="font-size:20pt">{p["name"].upper()}</p>
      <p>Data engineer with 11+ years of professional experience building pipelines
      with Airflow, pandas and PySpark.</p>
      <p>Jan 2020 \u2013 Present: Lead data engineer</p></td>
    </tr></table>
    """


def labelled_html() -> str:
    """A form-like CV: every fact after its label, the name too."""
    p = PERSON
    return f"""
    <p>Curriculum Vitae</p>
    <p>Name: {p["name"]}</p><p>E-mail: {p["email"]}</p><p>Telephone: {p["phone"]}</p>
    <p>Profiles: https://www.linkedin.com/in/{p["linkedin"]}/ and https://github.com/{p["login"]}</p>
    <p>Work: 2016 - 2018 Acme, FastAPI and SQLAlchemy; 2018 - 2023 Initech, Kubernetes</p>
    """


def docx_file(path: Path, layout: str) -> Path:
    """A DOCX in ``layout``: "plain" (paragraphs), "header" (name in the page header,
    contacts in a table), "links" (profiles only as hyperlinks behind words)."""
    p = PERSON
    document = docx.Document()
    if layout == "header":
        document.sections[0].header.paragraphs[0].text = p["name"]
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "E-mail", p["email"]
        table.cell(1, 0).text, table.cell(1, 1).text = "Phone", p["phone"]
    else:
        document.add_heading(p["name"], level=0)
        document.add_paragraph(f"{p['email']} · {p['phone']}")
    if layout == "links":
        paragraph = document.add_paragraph("Profiles: ")
        _hyperlink(paragraph, f"https://github.com/{p['login']}", "GitHub")
        paragraph.add_run(" and ")
        _hyperlink(paragraph, f"https://www.linkedin.com/in/{p['linkedin']}", "LinkedIn")
    else:
        document.add_paragraph(f"github.com/{p['login']}")
    document.add_heading("Experience", level=1)
    document.add_paragraph("Platform engineer, Oslo Kommune — Sep 2017 to present")
    document.add_paragraph("Uses Terraform, Ansible, boto3 and Prometheus client daily.")
    document.save(str(path))
    return path


def _hyperlink(paragraph: "docx.text.paragraph.Paragraph", url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    label = OxmlElement("w:t")
    label.text = text
    run.append(label)
    link.append(run)
    paragraph._p.append(link)


# --------------------------------------------------------------------------------------
# Bad files


def encrypted_pdf(path: Path, source: Path) -> Path:
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt("open sesame", algorithm="RC4-128")
    writer.write(str(path))
    return path


def blank_pdf(path: Path, pages: int) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.write(str(path))
    return path


#: What the bombs below unpack to: twice what a CV may, so only the cap stops them
#: (they unpacked to 200 and 300 MB, whose compressing cost 1.5 s of every run).
BOMB_BYTES = 2 * MAX_UNPACKED_BYTES


def bomb_pdf(path: Path, unpacked: int = BOMB_BYTES) -> Path:
    """One page whose content stream inflates to ``unpacked`` bytes (whole megabytes).
    One megabyte of spaces is compressed once and its deflate blocks repeated (a full
    flush ends them on a byte with nothing referring back), inside zlib's header and
    checksum: the stream any compressor would make, without compressing it all."""
    chunk = b" " * (1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(unpacked // len(chunk)):
        checksum = zlib.adler32(chunk, checksum)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    stream = b"\x78\xda" + block * (unpacked // len(chunk)) + end + checksum.to_bytes(4, "big")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def zip_bomb_docx(path: Path, unpacked: int = BOMB_BYTES) -> Path:
    """A DOCX-shaped zip whose document inflates to ``unpacked`` bytes (deflated at the
    fastest level: its size on disk does not matter, the time to make it did)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"<" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return path

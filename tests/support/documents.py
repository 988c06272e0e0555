"""Sample bureau documents made with the real tools, for conversion tests.

A Chinese 通知 is written as flat ODF, then LibreOffice turns it into DOCX
and PDF, and the PDF is rasterised and re-wrapped as an image-only PDF: the
"scan" that needs Chinese OCR. Nothing is stored in the repository; the same
binaries the viewer uses make the samples.
"""

import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

TITLE = "关于做好黄河防汛工作的通知"
PARAGRAPHS = (
    "各部门：",
    "为切实做好今年防汛工作，确保黄河长垣段安全度汛，现将有关事项通知如下。",
    "一、加强汛期值班，严格执行领导带班制度。",
    "二、做好防汛物资储备，及时上报险情。",
)

FLAT_ODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'"
   xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
 </office:font-face-decls>
 <office:automatic-styles>
  <style:style style:name="Title" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/>
   <style:text-properties style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="24pt"
    fo:font-size="24pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Body" style:family="paragraph">
   <style:paragraph-properties fo:margin-bottom="6pt"/>
   <style:text-properties style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="18pt"
    fo:font-size="18pt"/>
  </style:style>
 </office:automatic-styles>
 <office:body><office:text>
  <text:p text:style-name="Title">{title}</text:p>
{paragraphs}
 </office:text></office:body>
</office:document>
"""


def run(*command, cwd=None):
    """Run a converter command; raise with its output when it fails."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stdout}\n{result.stderr}")
    return result


def soffice_convert(source, target_format, outdir):
    """Convert ``source`` with LibreOffice; return the path of the result."""
    profile = outdir / "lo-profile"
    run(
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        target_format,
        "--outdir",
        str(outdir),
        str(source),
    )
    return outdir / f"{source.stem}.{target_format}"


def make_samples(outdir: Path):
    """Write ``notice.docx``, ``notice.pdf`` and ``scan.pdf`` into ``outdir``; return them."""
    outdir.mkdir(parents=True, exist_ok=True)
    paragraphs = "\n".join(
        f'  <text:p text:style-name="Body">{escape(text)}</text:p>' for text in PARAGRAPHS
    )
    source = outdir / "notice.fodt"
    source.write_text(FLAT_ODT.format(title=escape(TITLE), paragraphs=paragraphs), "utf-8")
    docx = soffice_convert(source, "docx", outdir)
    pdf = soffice_convert(source, "pdf", outdir)
    # The scan: page 1 as a 200 dpi greyscale image, wrapped into a PDF with no text layer.
    run("pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(pdf), str(outdir / "scan"))
    scan = outdir / "scan.pdf"
    run("gm", "convert", "-density", "200", str(outdir / "scan.png"), str(scan))
    return {"docx": docx, "pdf": pdf, "scan": scan}


def make_office_variants(outdir: Path, samples):
    """The 通知 of ``make_samples`` as ODT, RTF, DOC and an XLSX/XLS table, by LibreOffice."""
    outdir.mkdir(parents=True, exist_ok=True)
    source = samples["docx"].with_suffix(".fodt")
    table = outdir / "table.csv"
    table.write_text("序号,事项,责任部门\n1,汛期值班,办公室\n2,物资储备,工务科\n", "utf-8")
    return {
        "odt": soffice_convert(source, "odt", outdir),
        "rtf": soffice_convert(source, "rtf", outdir),
        "doc": soffice_convert(samples["docx"], "doc", outdir),
        "xlsx": soffice_convert(table, "xlsx", outdir),
        "xls": soffice_convert(table, "xls", outdir),
    }

"""R-SEC5 test kit: office files that link what they should embed, built by hand with zipfile.

``linked_docx(targets)`` and ``linked_odt(targets)`` make a small DOCX / ODT
whose visible text is ``VISIBLE_TEXT`` and which points, in every way its
format allows, at each URL or path of ``targets``: linked pictures (DrawingML
and VML), INCLUDEPICTURE / INCLUDETEXT / LINK fields (complex and simple),
an external OLE object, an attached template and a hyperlinked stylesheet in
a DOCX; linked images, a linked section, a linked OLE object and a
background image in an ODT. ``linked_rtf`` does the fields in RTF, which
bureaus send under ``.doc``. Nothing here runs a converter.
"""

from xml.sax.saxutils import quoteattr

from tests.support.zipped import PACKAGE_RELS
from tests.support.zipped import RELS
from tests.support.zipped import content_types
from tests.support.zipped import zip_bytes

VISIBLE_TEXT = "外部链接测试正文"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_IMAGE = f"{R}/image"
REL_OLE = f"{R}/oleObject"
REL_TEMPLATE = f"{R}/attachedTemplate"
REL_HYPERLINK = f"{R}/hyperlink"

CONTENT_TYPES = content_types(
    (
        "/word/settings.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    )
)


def _relationships(relations):
    rows = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}'
        f"{'' if internal else ' TargetMode=' + quoteattr('External')}/>"
        for rid, kind, target, internal in relations
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{PACKAGE_RELS}">{rows}</Relationships>'
    )


def _drawing(rid, number):
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        '<wp:extent cx="952500" cy="952500"/>'
        f'<wp:docPr id="{number}" name="logo{number}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="logo{number}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r>"
    )


def _vml(rid):
    return (
        '<w:r><w:pict><v:shape style="width:60pt;height:60pt">'
        f'<v:imagedata r:id="{rid}" o:title="logo"/></v:shape></w:pict></w:r>'
    )


def _field(instruction, result="旧结果"):
    """A complex field, its instruction split over two runs as Word often writes it."""
    middle = len(instruction) // 2
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[:middle]}</w:instrText></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction[middle:]}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def docx_fields(target):
    """The fetching field instructions of a DOCX (and RTF) pointing at ``target``."""
    return (
        f'INCLUDEPICTURE "{target}" \\d',
        f'INCLUDETEXT "{target}"',
        f'LINK Word.Document.12 "{target}" "" \\a \\t',
    )


def linked_docx(targets):
    """A DOCX (bytes) showing ``VISIBLE_TEXT`` and linking each of ``targets`` every way."""
    relations = []
    body = [f"<w:p><w:r><w:t>{VISIBLE_TEXT}</w:t></w:r></w:p>"]
    settings_relations = []
    for number, target in enumerate(targets, 1):
        relations += [
            (f"rIdImg{number}", REL_IMAGE, target, False),
            (f"rIdVml{number}", REL_IMAGE, target, False),
            (f"rIdOle{number}", REL_OLE, target, False),
            (f"rIdCss{number}", f"{R}/aFChunk", target, False),
        ]
        body.append(f"<w:p>{_drawing(f'rIdImg{number}', number)}{_vml(f'rIdVml{number}')}</w:p>")
        body.append(
            '<w:p><w:r><w:object><v:shape style="width:60pt;height:60pt"/>'
            f'<o:OLEObject Type="Link" ProgID="Word.Document.12" r:id="rIdOle{number}" '
            'UpdateMode="Always"/></w:object></w:r></w:p>'
        )
        body += [_field(instruction) for instruction in docx_fields(target)]
        body.append(
            f"<w:p><w:fldSimple w:instr={quoteattr(docx_fields(target)[1])}>"
            "<w:r><w:t>简单域</w:t></w:r></w:fldSimple></w:p>"
        )
        body.append(f'<w:altChunk r:id="rIdCss{number}"/>')
        settings_relations.append((f"rIdTpl{number}", REL_TEMPLATE, target, False))
    body.append(f"<w:p><w:r><w:t>{VISIBLE_TEXT}（完）</w:t></w:r></w:p>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"'
        ' xmlns:o="urn:schemas-microsoft-com:office:office">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    settings = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:settings xmlns:w="{W}" xmlns:r="{R}">'
        + "".join(f'<w:attachedTemplate r:id="{rid}"/>' for rid, *_ in settings_relations[:1])
        + '<w:linkStyles/><w:updateFields w:val="true"/></w:settings>'
    )
    document_relations = [*relations, ("rIdSettings", f"{R}/settings", "settings.xml", True)]
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document),
            ("word/_rels/document.xml.rels", _relationships(document_relations)),
            ("word/settings.xml", settings),
            ("word/_rels/settings.xml.rels", _relationships(settings_relations)),
        ]
    )


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
    ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
    ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
    ' xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"'
)
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
MANIFEST = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def _odf_link(target):
    return f'xlink:href={quoteattr(target)} xlink:type="simple"'


def linked_odt(targets):
    """An ODT (bytes) showing ``VISIBLE_TEXT`` and linking each of ``targets`` every way."""
    body = [f"<text:p>{VISIBLE_TEXT}</text:p>"]
    styles = []
    for number, target in enumerate(targets, 1):
        link = _odf_link(target)
        body.append(
            f'<text:p><draw:frame draw:name="logo{number}" text:anchor-type="as-char"'
            ' svg:width="2cm" svg:height="2cm">'
            f'<draw:image {link} xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>'
        )
        body.append(
            f'<text:section text:name="linked{number}"><text:section-source {link}'
            ' xlink:show="embed"/><text:p>旧章节</text:p></text:section>'
        )
        body.append(
            f'<text:p><draw:frame draw:name="ole{number}" text:anchor-type="as-char"'
            f' svg:width="2cm" svg:height="2cm"><draw:object {link} xlink:show="embed"'
            ' xlink:actuate="onLoad"/></draw:frame></text:p>'
        )
        styles.append(
            f'<style:style style:name="Linked{number}" style:family="paragraph">'
            "<style:paragraph-properties>"
            f'<style:background-image {link} xlink:actuate="onLoad"/>'
            "</style:paragraph-properties></style:style>"
        )
    body.append(f"<text:p>{VISIBLE_TEXT}（完）</text:p>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )
    style_part = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF_NAMESPACES}>'
        f"<office:styles>{''.join(styles)}</office:styles></office:document-styles>"
    )
    return zip_bytes(
        [
            ("mimetype", ODT_MIMETYPE),
            ("META-INF/manifest.xml", MANIFEST),
            ("content.xml", content),
            ("styles.xml", style_part),
        ]
    )


def linked_rtf(targets):
    """An RTF (bytes) showing ``VISIBLE_TEXT`` with the fetching fields of ``targets``."""
    fields = "".join(
        f"{{\\field{{\\*\\fldinst {instruction.replace(chr(92), chr(92) * 2)}}}"
        "{\\fldrslt old}}\\par "
        for target in targets
        for instruction in docx_fields(target)
    )
    text = "".join(f"\\u{ord(char)}?" for char in VISIBLE_TEXT)
    return f"{{\\rtf1\\ansi {text}\\par {fields}{text}\\par}}".encode("ascii")

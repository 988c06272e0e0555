"""Office files as the ZIP packages they are, built by hand with zipfile (nothing runs a converter).

``zip_bytes`` packs members the way office suites do (an ODF ``mimetype`` stored, first);
``content_types`` and ``RELS`` are the two parts every DOCX needs besides its document.
"""

import io
import zipfile

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)


def content_types(*overrides):
    """``[Content_Types].xml`` of a DOCX: ``word/document.xml`` and ``overrides``, pairs of
    (part name, content type)."""
    rows = "".join(
        f'<Override PartName="{part}"\n ContentType="{kind}"/>\n'
        for part, kind in (("/word/document.xml", WORD_MAIN), *overrides)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\n'
        '<Default Extension="rels"'
        ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\n'
        '<Default Extension="xml" ContentType="application/xml"/>\n'
        f"{rows}</Types>"
    )


CONTENT_TYPES = content_types()

RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Target="word/document.xml"
 Type="{OFFICE_DOCUMENT}"/>
</Relationships>"""


# Members dated by a fixed time, not the clock: the same members make the same bytes, also
# when two calls straddle a second boundary (tests compare stored files with a new copy).
MEMBER_TIME = (2026, 1, 1, 0, 0, 0)


def zip_bytes(members):
    """A ZIP (bytes) of ``members``, pairs of (name, text or bytes), deflated but ``mimetype``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            member = zipfile.ZipInfo(name, date_time=MEMBER_TIME)
            member.compress_type = (
                zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
            archive.writestr(member, data)
    return buffer.getvalue()


def docx(document="<w:document/>"):
    """The smallest DOCX: its content types, relationships and ``document`` as the body part."""
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document),
        ]
    )

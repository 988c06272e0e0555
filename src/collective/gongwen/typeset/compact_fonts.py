"""Compact font subsets in the PDFs we typeset: the fonts' glyphs only, not their empty slots.

WeasyPrint 70 subsets every embedded font with HarfBuzz keeping the glyph ids
(``HB_SUBSET_FLAGS_RETAIN_GIDS``): the text is written with ``Identity-H``,
its codes are the font's own glyph ids, so the subset keeps an empty slot for
every glyph up to the highest one used. A CJK glyph id runs to about 60,000:
each "subset" of Noto CJK or AR PL UKai carries some 60,000 empty entries
(its CharStrings or ``loca``, ``hmtx``, ``vmtx``), about 140 KB compressed,
for a few dozen characters.

``install()`` (idempotent, done by ``pdf`` before every ``write_pdf``) adapts
WeasyPrint's font embedding, in whatever process renders (the render child,
``child``, in the portal): each font is subset with HarfBuzz's subset plan
*without* keeping the glyph ids, and the PDF still shows the same glyphs for
the same codes — nothing in the content streams changes:

- a CID-keyed CFF font (Noto CJK, ROS Adobe-Identity-0, CID = glyph id):
  the subset's charset keeps each kept glyph's CID, and it is embedded as a
  bare CFF (``/FontFile3`` of ``/Subtype /CIDFontType0C``) under a
  ``CIDFontType0``, which maps CIDs to glyphs through that charset (PDF
  32000-1 9.7.4.2, 9.9) — as Distiller embeds CJK subsets. (Kept in its
  OpenType wrapper, poppler takes the CIDs for glyph ids: it would show the
  wrong glyphs.) The subset is checked: every code used must be the CID of
  its glyph, else the font is subset as WeasyPrint does;
- a TrueType font (``CIDFontType2``, e.g. AR PL UKai): the descendant font
  gets a ``/CIDToGIDMap`` stream (old glyph id → new one, 9.7.4.2) instead of
  ``/Identity``;
- any other font (a name-keyed CFF, CFF2, colour, variable, bitmap …), or
  when HarfBuzz's subset plan is missing: WeasyPrint's own subset, unchanged.

``as_is()`` turns this off for the ``with`` block (the bench compares).
"""

import contextlib
import contextvars
import io
import logging
import struct
import threading

logger = logging.getLogger("collective.gongwen")

# The fonts compacted while one PDF's fonts are built: ``{font hash: (CFF, None)}``
# or ``{font hash: (TRUETYPE, {old gid: new gid})}``; None outside ``build_fonts_dictionary``.
_MAPS = contextvars.ContextVar("gongwen_compact_font_maps", default=None)
_ENABLED = contextvars.ContextVar("gongwen_compact_fonts", default=True)
_DROPPED_TABLES = (
    b"BASE",
    b"DSIG",
    b"EBDT",
    b"EBLC",
    b"EBSC",
    b"GPOS",
    b"GSUB",
    b"JSTF",
    b"LTSH",
    b"PCLT",
    b"SVG ",
)
_CDEF = """
typedef struct hb_face_t hb_face_t;
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_map_t hb_map_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef struct hb_subset_plan_t hb_subset_plan_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_tag_t hb_tag_from_string (const char *str, int len);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
hb_codepoint_t hb_map_get (const hb_map_t *map, hb_codepoint_t key);
hb_blob_t * hb_face_reference_blob (hb_face_t *face);
const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy (hb_blob_t *blob);
void hb_face_destroy (hb_face_t *face);
unsigned int hb_face_get_glyph_count (const hb_face_t *face);
hb_subset_input_t * hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t * hb_subset_input_glyph_set (hb_subset_input_t *input);
hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_subset_plan_t * hb_subset_plan_create_or_fail (hb_face_t *face, const hb_subset_input_t *input);
hb_face_t * hb_subset_plan_execute_or_fail (hb_subset_plan_t *plan);
const hb_map_t * hb_subset_plan_old_to_new_glyph_mapping (const hb_subset_plan_t *plan);
void hb_subset_plan_destroy (hb_subset_plan_t *plan);
"""
# hb-subset.h (HarfBuzz ≥ 4.4: the subset plan API)
_RETAIN_GIDS = 0x2
_NO_HINTING = 0x1
_DESUBROUTINIZE = 0x4
_NOTDEF_OUTLINE = 0x40
_PASSTHROUGH_UNRECOGNIZED = 0x200
_DROP_TABLE_TAG = 3
_INVALID = 0xFFFFFFFF

CFF = "cid-cff"
TRUETYPE = "truetype"
_harfbuzz = None  # (ffi, libharfbuzz, libharfbuzz-subset), or False when missing
_installed = False
_install_lock = threading.Lock()


def _libraries():
    """``(ffi, harfbuzz, harfbuzz_subset)`` with the subset plan API, or None."""
    global _harfbuzz
    if _harfbuzz is None:
        _harfbuzz = False
        try:
            import cffi

            ffi = cffi.FFI()
            ffi.cdef(_CDEF)
            harfbuzz = ffi.dlopen("libharfbuzz.so.0")
            harfbuzz_subset = ffi.dlopen("libharfbuzz-subset.so.0")
            harfbuzz_subset.hb_subset_plan_create_or_fail  # noqa: B018 - HarfBuzz ≥ 4.4
            harfbuzz_subset.hb_subset_plan_old_to_new_glyph_mapping  # noqa: B018
        except (ImportError, OSError, AttributeError):
            logger.warning("HarfBuzz's subset plan is missing: fonts embedded as WeasyPrint does")
        else:
            _harfbuzz = (ffi, harfbuzz, harfbuzz_subset)
    return _harfbuzz or None


def compact_subset(face_pointer, glyphs, hinting=False, notdef_outline=False):
    """``(font bytes, {old gid: new gid})`` of a compact subset of a HarfBuzz face, or None.

    ``face_pointer`` is the ``hb_face_t *`` as an integer, ``glyphs`` the glyph
    ids to keep (those beyond the font are left out). The flags and dropped
    tables are WeasyPrint's, without ``RETAIN_GIDS``.
    """
    libraries = _libraries()
    if libraries is None:
        return None
    ffi, harfbuzz, harfbuzz_subset = libraries
    face = ffi.cast("hb_face_t *", face_pointer)
    count = harfbuzz.hb_face_get_glyph_count(face)
    kept = sorted(gid for gid in set(glyphs) if 0 <= gid < count)
    subset_input = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy
    )
    if subset_input == ffi.NULL:
        return None
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    for gid in kept:
        harfbuzz.hb_set_add(glyph_set, gid)
    drop = harfbuzz_subset.hb_subset_input_set(subset_input, _DROP_TABLE_TAG)
    for tag in _DROPPED_TABLES:
        harfbuzz.hb_set_add(drop, harfbuzz.hb_tag_from_string(tag, len(tag)))
    flags = _PASSTHROUGH_UNRECOGNIZED | _DESUBROUTINIZE
    if not hinting:
        flags |= _NO_HINTING
    if notdef_outline:
        flags |= _NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    plan = harfbuzz_subset.hb_subset_plan_create_or_fail(face, subset_input)
    if plan == ffi.NULL:
        return None
    try:
        mapping = harfbuzz_subset.hb_subset_plan_old_to_new_glyph_mapping(plan)
        new_ids = {gid: harfbuzz.hb_map_get(mapping, gid) for gid in kept}
        if _INVALID in new_ids.values():
            return None
        subset_face = harfbuzz_subset.hb_subset_plan_execute_or_fail(plan)
        if subset_face == ffi.NULL:
            return None
        try:
            blob = harfbuzz.hb_face_reference_blob(subset_face)
            length = ffi.new("unsigned int *")
            data = harfbuzz.hb_blob_get_data(blob, length)
            content = ffi.unpack(data, int(length[0])) if data != ffi.NULL else b""
            harfbuzz.hb_blob_destroy(blob)
        finally:
            harfbuzz.hb_face_destroy(subset_face)
    finally:
        harfbuzz_subset.hb_subset_plan_destroy(plan)
    return (content, new_ids) if content else None


def kind_of(content):
    """``CFF``, ``TRUETYPE`` or None (anything else) for the OpenType font bytes ``content``."""
    if content[:4] == b"OTTO":
        return CFF  # CID-keyed or not: see ``cid_keyed_cff``
    if content[:4] in (b"\x00\x01\x00\x00", b"true"):
        return TRUETYPE
    return None


def cid_keyed_cff(content, new_ids):
    """The bare CFF of the OpenType font ``content`` if each old glyph id is its new glyph's CID.

    That holds for a CID-keyed CFF whose CID is its glyph id (Noto CJK): the
    codes in the content streams then still find their glyphs through the
    charset. None otherwise (name-keyed, CID ≠ glyph id, unreadable).
    """
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(content), lazy=True)
        if "CFF " not in font:
            return None
        data = font.reader["CFF "]
        top = font["CFF "].cff.topDictIndex[0]
        if not hasattr(top, "ROS"):
            return None
        charset = top.charset
    except Exception:  # noqa: BLE001 - a font we cannot read is embedded as WeasyPrint does
        logger.info("compact font subset unreadable", exc_info=True)
        return None
    if all(new < len(charset) and charset[new] == f"cid{old:05d}" for old, new in new_ids.items()):
        return bytes(data)
    return None


def cid_to_gid_map(new_ids):
    """The bytes of a ``/CIDToGIDMap`` stream: two bytes per CID up to the highest one used."""
    if not new_ids:
        return b"\x00\x00"
    data = bytearray(2 * (max(new_ids) + 1))
    for old, new in new_ids.items():
        struct.pack_into(">H", data, 2 * old, new)
    return bytes(data)


def _subset(font, to_unicode, hinting, original):
    """``Font._harfbuzz_subset`` compacted where the content streams can stay as they are."""
    maps = _MAPS.get()
    plain = not (font.png or font.svg or font.colr or "fvar" in font.tables)
    if maps is None or not _ENABLED.get() or not plain:
        return original(font, to_unicode, hinting)
    from weasyprint.text.ffi import ffi as weasyprint_ffi

    pointer = int(weasyprint_ffi.cast("uintptr_t", font.hb_face))
    result = compact_subset(pointer, to_unicode, hinting, bool(font.missing))
    kind = kind_of(result[0]) if result else None
    if kind == CFF:
        bare = cid_keyed_cff(*result)
        if bare is not None:
            font.file_content = bare
            maps[font.hash] = (CFF, None)
            return None
    elif kind == TRUETYPE:
        font.file_content = result[0]
        maps[font.hash] = (TRUETYPE, result[1])
        return None
    return original(font, to_unicode, hinting)


def _build_fonts(pdf, fonts, compress, subset, options, original):
    token = _MAPS.set({})
    try:
        return original(pdf, fonts, compress, subset, options)
    finally:
        _MAPS.reset(token)


def _build_vector(font_dictionary, pdf, font, widths, compress, reference, pdf_version, original):
    """WeasyPrint's descendant font, adapted to a compacted font (see the module).

    WeasyPrint took the bare CFF for TrueType (its bytes do not start with
    ``OTTO``): its descriptor's ``FontFile2`` becomes a ``FontFile3`` of
    subtype ``CIDFontType0C`` under a ``CIDFontType0``.
    """
    first = len(pdf.objects)
    original(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
    kind, new_ids = (_MAPS.get() or {}).get(font.hash, (None, None))
    if kind is None:
        return
    import pydyf

    written = [
        item
        for item in pdf.objects[first:]
        if isinstance(item, pydyf.Dictionary) and item.get("BaseFont") == font.name
    ]
    if len(written) != 1 or written[0].get("Subtype") != "/CIDFontType2":
        raise RuntimeError(f"no descendant font written for {font.family!r}")
    descendant = written[0]
    if kind == TRUETYPE:
        stream = pydyf.Stream([cid_to_gid_map(new_ids)], compress=compress)
        pdf.add_object(stream)
        descendant["CIDToGIDMap"] = stream.reference
        return
    descendant["Subtype"] = "/CIDFontType0"
    del descendant["CIDToGIDMap"]
    descriptor = pdf.objects[_number(descendant["FontDescriptor"])]
    descriptor["FontFile3"] = descriptor.pop("FontFile2")
    font_file = pdf.objects[_number(reference)]
    font_file.extra = pydyf.Dictionary({"Subtype": "/CIDFontType0C"})


def _number(reference):
    """The object number of the PDF reference ``b"12 0 R"``."""
    return int(reference.split()[0])


def install():
    """Adapt WeasyPrint's font embedding in this process (idempotent); see the module."""
    global _installed
    with _install_lock:
        if _installed:
            return
        import weasyprint.pdf
        from weasyprint.pdf import fonts

        subset_original = fonts.Font._harfbuzz_subset
        build_original = weasyprint.pdf.build_fonts_dictionary
        vector_original = fonts._build_vector_font_dictionary

        def harfbuzz_subset(self, to_unicode, hinting):
            return _subset(self, to_unicode, hinting, subset_original)

        def build_fonts_dictionary(pdf, fonts_, compress, subset, options):
            return _build_fonts(pdf, fonts_, compress, subset, options, build_original)

        def build_vector_font_dictionary(*args):
            return _build_vector(*args, vector_original)

        fonts.Font._harfbuzz_subset = harfbuzz_subset
        weasyprint.pdf.build_fonts_dictionary = build_fonts_dictionary
        fonts._build_vector_font_dictionary = build_vector_font_dictionary
        _installed = True


@contextlib.contextmanager
def as_is():
    """Within the block, fonts are embedded as WeasyPrint 70 does (for comparing)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def write_pdf(document):
    """The PDF bytes of the rendered WeasyPrint ``document``, its fonts compact."""
    install()
    return document.write_pdf()

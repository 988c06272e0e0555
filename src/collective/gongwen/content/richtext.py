"""The rule for rich-text bodies (R-SEC5): a stored body makes nobody fetch anything.

``clean_body_html`` (plain Python, lxml) keeps the text and its formatting
and drops, before anything is stored, whatever would make a renderer
(WeasyPrint at 登记编号, a browser showing the page) fetch a URL:

- links outside the portal (``file:``, ``http:``, ``https:``, ``ftp:``,
  ``//host``, ``\\\\host`` …) and every ``rel="attachment"`` link lose their
  tag and keep their text; relative links within the portal (``resolveuid``,
  ``#anchor``) and ``mailto:`` / ``tel:`` stay;
- images other than inline raster ``data:`` images, ``srcset``;
- ``<link>``, ``<base>``, ``<meta>``, ``<style>``, ``<script>``, ``<object>``,
  ``<embed>``, ``<iframe>``, ``<svg>`` and their kin, with what they hold;
- ``style`` attributes with ``url(``, ``@import``, ``image-set(`` … or CSS
  escapes, event handlers and every attribute not on the list below.

Tags not on the list lose the tag and keep their text. ``clean_rich_text`` is
the subscriber that applies it to every rich-text field of our types when
they are added or modified — forms, REST POST/PATCH and code that fires the
events alike (``configure.zcml``).
"""

import re

from Acquisition import aq_base
from lxml import html as lxml_html
from plone.app.textfield.interfaces import IRichText
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import iterSchemata
from zope.container.interfaces import IContainerModifiedEvent
from zope.schema import getFieldsInOrder

# Removed with everything inside them.
REMOVED = frozenset(
    {
        "script", "style", "link", "base", "meta", "title", "head", "object", "embed",
        "applet", "param", "iframe", "frame", "frameset", "svg", "math", "template",
        "noscript", "audio", "video", "source", "track", "canvas", "form", "input",
        "button", "select", "textarea", "map", "area", "portal", "xml",
    }
)  # fmt: skip
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "strike", "del",
        "ins", "sub", "sup", "small", "big", "mark", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot",
        "tr", "td", "th", "colgroup", "col", "blockquote", "pre", "code", "hr", "a", "img",
        "abbr", "cite", "q", "font", "center",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = frozenset(
    {
        "class", "title", "alt", "align", "valign", "width", "height", "colspan", "rowspan",
        "dir", "lang", "border", "cellpadding", "cellspacing", "start", "type", "scope",
        "summary", "span", "style", "id", "color", "face", "size",
    }
)  # fmt: skip
# Only on their own tag, and only when their value passes.
LINK_ATTRIBUTES = {"a": ("href", "name", "target"), "img": ("src",)}
# Ids the typesetter's layout uses to find its own parts (see typeset.layout).
RESERVED_ID_PREFIX = "gongwen"
LINK_SCHEMES = frozenset({"mailto", "tel"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]")
_CSS_FETCH = re.compile(
    r"url\s*\(|@import|image-set\s*\(|image\s*\(|cross-fade\s*\(|element\s*\("
    r"|expression\s*\(|src\s*\(|\\",
    re.IGNORECASE,
)


def _compact(url):
    """``url`` as a browser reads it: without the spaces and control characters inside."""
    return _INVISIBLE.sub("", url or "")


def is_internal_link(url):
    """True for a link within the portal (relative, ``#anchor``) or ``mailto:`` / ``tel:``.

    False for ``file:``, any network scheme, ``//host`` and ``\\\\host``.
    """
    value = _compact(url)
    if value[:2] in ("//", "\\\\", "/\\", "\\/"):
        return False
    scheme = _SCHEME.match(value)
    if scheme:
        return scheme.group(1).lower() in LINK_SCHEMES
    return True


def is_inline_image(url):
    """True for a ``data:`` URI of a raster image (PNG, JPEG, GIF, WebP, BMP)."""
    value = _compact(url)
    if value[:5].lower() != "data:":
        return False
    media_type = value[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
    return media_type in IMAGE_TYPES


def css_fetches(value):
    """True when the CSS ``value`` could make a renderer fetch (``url(``, ``@import`` …)."""
    return bool(_CSS_FETCH.search(value or ""))


def _is_attachment_link(element):
    return "attachment" in (element.get("rel") or "").lower().split()


def _clean_attributes(element):
    own = LINK_ATTRIBUTES.get(element.tag, ())
    for name in list(element.attrib):
        value = element.get(name)
        lowered = name.lower()
        keep = lowered in ALLOWED_ATTRIBUTES or lowered in own
        if lowered == "style":
            keep = not css_fetches(value)
        elif lowered == "id":
            keep = not value.strip().lower().startswith(RESERVED_ID_PREFIX)
        elif lowered == "href":
            keep = keep and is_internal_link(value)
        elif lowered == "src":
            keep = keep and is_inline_image(value)
        if not keep:
            del element.attrib[name]


def _clean_element(element):
    """Clean ``element`` (not the root); its tag may go, its text stays unless it is removed."""
    tag = element.tag.lower() if isinstance(element.tag, str) else None
    if tag is None:  # comment, processing instruction, entity
        element.drop_tree()
        return
    if tag in REMOVED:
        element.drop_tree()
        return
    if tag == "img" and not is_inline_image(element.get("src")):
        element.drop_tree()
        return
    if tag not in ALLOWED_TAGS or (tag == "a" and _is_attachment_link(element)):
        element.drop_tag()
        return
    _clean_attributes(element)
    if tag == "a" and element.get("href") is None and element.get("name") is None:
        element.drop_tag()


def clean_body_html(value):
    """The HTML ``value`` with nothing that fetches (see the module docstring); its text kept."""
    if not value or not value.strip():
        return value or ""
    root = lxml_html.fragment_fromstring(value, create_parent="div")
    # Depth first from the end, so that dropping a tag never skips an element.
    for element in reversed(list(root.iterdescendants())):
        _clean_element(element)
    root.attrib.clear()
    serialised = lxml_html.tostring(root, encoding="unicode", method="html")
    return serialised[len("<div>") : -len("</div>")]


# --- Plone glue ------------------------------------------------------------------------


def clean_rich_text(obj, event):
    """Store every rich-text field of ``obj`` cleaned (``clean_body_html``), as HTML.

    A body in another markup (text, Markdown …) is stored as the cleaned HTML
    it is shown as. Unchanged bodies are left alone, and an item added to or removed from
    ``obj`` (``IContainerModifiedEvent``) changes no body: nothing is parsed then.
    """
    if IContainerModifiedEvent.providedBy(event):
        return
    for schema in iterSchemata(obj):
        for name, field in getFieldsInOrder(schema):
            if not IRichText.providedBy(field):
                continue
            value = getattr(aq_base(obj), name, None)
            if value is None or not hasattr(value, "raw"):
                continue
            source = value.raw if value.mimeType == "text/html" else value.output
            cleaned = clean_body_html(source or "")
            if value.mimeType == "text/html" and cleaned == value.raw:
                continue
            setattr(
                obj,
                name,
                RichTextValue(cleaned, "text/html", value.outputMimeType or "text/x-html-safe"),
            )

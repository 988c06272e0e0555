"""The official PDF of a 发文 (R-T1), rendered with WeasyPrint from ``layout``'s HTML."""

from collective.gongwen.typeset.layout import official_html


def render_official_pdf(fields, fonts=None):
    """PDF bytes of the official document for the plain dict ``fields`` (see ``layout``)."""
    from weasyprint import HTML

    return HTML(string=official_html(fields, fonts)).write_pdf()

"""What 公文设置 says about typesetting: the fonts (R-T3) and the caps on one render (R-SEC5)."""

import dataclasses

from plone.api.exc import InvalidParameterError

from collective.gongwen.org.settings import IGongwenSettings
from collective.gongwen.org.settings import get_setting
from collective.gongwen.typeset.caps import RenderCaps
from collective.gongwen.typeset.rules import Fonts


def configured_fonts():
    """R-T3: the fonts named in 公文设置 first, then the standard's and the open ones."""
    defaults = Fonts()

    def first(record, families):
        name = (get_setting(record) or "").strip().replace("'", "")
        return f"'{name}', {families}" if name else families

    return dataclasses.replace(
        defaults,
        body=first("font_fangsong", first("font_body", defaults.body)),
        title=first("font_title", defaults.title),
        issuer_mark=first("font_title", defaults.issuer_mark),
        kai=first("font_kaiti", defaults.kai),
    )


def _setting(name):
    """公文设置 record ``name``; its default on a site whose registry lacks it yet."""
    try:
        value = get_setting(name)
    except InvalidParameterError:
        value = None
    return value if value else IGongwenSettings[name].default


def render_caps():
    """R-SEC5: the caps on rendering one PDF, from 公文设置."""
    return RenderCaps(
        max_pages=_setting("render_max_pages"), timeout=_setting("render_timeout_seconds")
    )

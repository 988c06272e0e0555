"""Dates and times on our pages.

Date fields display as 2026年12月5日 through ``widgets.py`` (issue 19,
decision 7: never the Chinese locale's short 26-12-5).

Times in the portal's zone (R-RUN2): our views write them with
``content.times`` (``minute_text`` for the text, ``iso_text`` for
``<time datetime>``). Plone's toolbar writes the modification time with its
offset and lets the browser show it (``pat-display-time``) in the *browser's*
zone; ``ContentViewsViewlet`` has the browser read the wall-clock part only,
so a browser set to UTC shows the portal's time too, written 2026-12-05 09:05:30.
"""

from plone.app.layout.viewlets import common

# The toolbar's modification time (plone.app.layout viewlets/menu.pt) and how we have it read.
PLONE_TIME_OPTIONS = 'data-pat-display-time="output-format: L LTS"'
# Written 2026-12-05 09:05:30 in any browser (decision 7 of issue 19), not moment's L (12/05/2026).
PORTAL_TIME_OPTIONS = (
    'data-pat-display-time="output-format: YYYY-MM-DD HH:mm:ss; format: YYYY-MM-DDTHH:mm:ss"'
)


class ContentViewsViewlet(common.ContentViewsViewlet):
    """Plone's toolbar; its modification time shown as the portal's wall clock in any browser."""

    def menu_template(self, *args, **kwargs):
        html = common.ContentViewsViewlet.menu_template(self, *args, **kwargs)
        return html.replace(PLONE_TIME_OPTIONS, PORTAL_TIME_OPTIONS)

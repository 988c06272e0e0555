"""The bureau's brand on every page: header, window title, footer, login page.

Each reads ``portal.brand.brand()``; none shows Plone's logo, colophon, site actions or
「Powered by Plone」 (the footer viewlet replaces Plone's footer portlets).
"""

from html import escape

from plone.app.layout.viewlets import ViewletBase
from plone.app.layout.viewlets.common import TitleViewlet
from Products.CMFPlone.browser.login.login import LoginForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from collective.gongwen.portal.brand import brand


class BrandLogoViewlet(ViewletBase):
    """``plone.logo``: the unit's logo, then 「新乡河务局」 over 「电子公文系统」, linking home."""

    index = ViewPageTemplateFile("templates/brand_logo.pt")

    def update(self):
        super().update()
        self.brand = brand()
        self.home_url = self.portal_state.navigation_root_url()


class BrandTitleViewlet(TitleViewlet):
    """``plone.htmlhead.title``: 「<page> — 新乡河务局 电子公文系统」."""

    @property
    def site_title_setting(self):
        return escape(brand().full_name)


class BrandFooterViewlet(ViewletBase):
    """``plone.footer``: one line naming the unit and the system, instead of Plone's portlets."""

    index = ViewPageTemplateFile("templates/footer.pt")

    def update(self):
        super().update()
        self.brand = brand()


class BrandLoginForm(LoginForm):
    """Plone's login form (same fields, same lockout), headed by the unit's logo and names."""

    def brand(self):
        return brand()

"""``@@gongwen-search`` (公文检索, R-S1) on the site or a unit, its CSV export and saved searches.

Thin: the request is read by ``search.query.read`` (bounded; a malformed one is answered 400
with the Chinese message), run by ``search.results.run`` (what the user may see, counted per
facet by ``search.facets``), each shown result's snippet by ``search.snippets``. On a unit the
page searches that unit's documents. Saving and deleting a saved search are CSRF-checked POSTs
(``content.posting.PostAction``); the export streams the results' metadata as CSV
(``audit.export.csv_chunks``: UTF-8 BOM, formula-escaped), at most ``query.EXPORT_MAX`` rows.
"""

import datetime
import urllib.parse

from Acquisition import aq_inner
from plone import api
from Products.Five.browser import BrowserView
from zExceptions import Unauthorized
from zope.i18n import translate
from zope.interface import implementer

from collective.gongwen import _
from collective.gongwen.audit.browser.common import state_title
from collective.gongwen.audit.export import csv_chunks
from collective.gongwen.content import searchable
from collective.gongwen.content import times
from collective.gongwen.content.posting import ERROR
from collective.gongwen.content.posting import INFO
from collective.gongwen.content.posting import PostAction
from collective.gongwen.content.unit import IGongwenUnit
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.interfaces import IGongwenPageView
from collective.gongwen.numbering.keys import number_key
from collective.gongwen.search import facets
from collective.gongwen.search import query
from collective.gongwen.search import results
from collective.gongwen.search import saved
from collective.gongwen.search import snippets

TYPE_TITLES = {
    "gongwen_outgoing": _("search_type_outgoing", default="发文"),
    "gongwen_incoming": _("search_type_incoming", default="收文"),
}
NUMBER_COLUMNS = ("archival_code", "issue_number", "receipt_number")

EXPORT_HEADING = (
    _("search_column_title", default="标题"),
    _("search_column_number", default="文号/收文编号"),
    _("search_column_archival_code", default="档号"),
    _("search_column_type", default="类别"),
    _("search_column_kind", default="文种"),
    _("search_column_unit", default="单位"),
    _("search_column_state", default="状态"),
    _("search_column_urgency", default="紧急程度"),
    _("search_column_date", default="拟稿/登记日期"),
    _("search_column_url", default="网址"),
)


def scope_of(context):
    """The unit the page is on, or None on the site."""
    context = aq_inner(context)
    return context if IGongwenUnit.providedBy(context) else None


def _date_text(value):
    day = times.date_of(value) if value is not None else None
    return f"{day:%Y-%m-%d}" if isinstance(day, datetime.date) else ""


class SearchBase(BrowserView):
    """What the page and the export share: the read request, the run, the rows' cells."""

    def read(self):
        """Read the request into ``self.search``; on a refusal set ``self.error`` (translated)
        and the 400 status. True when the search can run."""
        if api.user.is_anonymous():
            raise Unauthorized("公文检索需要登录。")
        self.error = ""
        try:
            self.search = query.read(self.request.form)
        except query.SearchError as refused:
            self.search = query.Search()
            self.error = translate(refused.message, context=self.request)
            self.request.response.setStatus(400)
            return False
        return True

    @property
    def unit(self):
        return scope_of(self.context)

    def page_url(self):
        return f"{aq_inner(self.context).absolute_url()}/@@gongwen-search"

    def run(self, search=None):
        unit = self.unit
        path = "/".join(unit.getPhysicalPath()) if unit is not None else None
        catalog = api.portal.get_tool("portal_catalog")
        return results.run(catalog, search or self.search, path)

    def unit_titles(self, brains):
        uids = {brain.gongwen_unit for brain in brains if brain.gongwen_unit}
        return {uid: title for uid, (title, _path) in facets.titles_by_uid(uids).items()}

    def state_title(self, state, portal_type=None):
        return state_title(self.request, state, portal_type)

    @staticmethod
    def number_of(brain):
        """The 文号 or 收文编号 of ``brain`` ('' if none yet)."""
        return getattr(brain, "issue_number", None) or getattr(brain, "receipt_number", None) or ""

    @staticmethod
    def archival_code_of(brain):
        return getattr(brain, "archival_code", None) or ""


@implementer(IGongwenPageView)
class SearchView(SearchBase):
    """The page: search box, facets with counts, chips, results, paging, saved searches."""

    def __call__(self):
        self.found = None
        self.rows = []
        self.facet_list = []
        if self.read():
            self.found = self.run()
            self.rows = self.make_rows(self.found)
            self.facet_list = self.make_facets(self.found)
        return self.index()

    # -- results

    def make_rows(self, found):
        terms = snippets.terms_of(self.search.text)
        asked_key = number_key(self.search.text) if len(found.exact) else None
        units = self.unit_titles(found.brains)
        rows = []
        for brain in found.brains:
            numbers = [getattr(brain, name, None) or "" for name in NUMBER_COLUMNS]
            marked = [
                number
                for number in numbers
                if number and asked_key and number_key(number) == asked_key
            ]
            rows.append(
                {
                    "url": brain.getURL(),
                    "title": brain.Title or brain.getId,
                    "title_html": snippets.snippet(brain.Title or brain.getId, terms, width=200),
                    "number": self.number_of(brain),
                    "archival_code": self.archival_code_of(brain),
                    "exact": brain.getRID() in found.exact,
                    "marked": marked,
                    "type": TYPE_TITLES.get(brain.portal_type, ""),
                    "kind": title_of("doc_kind", brain.doc_kind) if brain.doc_kind else "",
                    "unit": units.get(brain.gongwen_unit, ""),
                    "state": self.state_title(brain.review_state, brain.portal_type),
                    "urgent": brain.urgency in ("urgent", "very_urgent"),
                    "urgency": title_of("urgency", brain.urgency) if brain.urgency else "",
                    "classified": (brain.classification or "none") != "none",
                    "classification": title_of("classification", brain.classification or "none"),
                    "date": _date_text(brain.created),
                    "snippet": self.snippet_of(brain, terms + marked),
                }
            )
        return rows

    def snippet_of(self, brain, terms):
        """The highlighted snippet of the document's text (its own fields and body, and the
        converted text of its attachments); read for the shown results only."""
        if not terms:
            return ""
        document = brain.getObject()
        parts = [*searchable.field_texts(document), searchable.html_text(document)]
        for item in document.objectValues():
            if searchable.in_document_text(item):
                extracted = searchable.IExtractedText(item, None)
                parts.append(item.Title())
                parts.append(extracted.text if extracted is not None else "")
        return snippets.snippet(" ".join(part for part in parts if part), terms, matched_only=True)

    # -- facets, chips, paging

    def make_facets(self, found):
        catalog = api.portal.get_tool("portal_catalog")
        counts = facets.facet_counts(catalog, found.facet_sets)
        listed = facets.labelled(counts, self.search.filters, self.state_title)
        for facet in listed:
            facet["label"] = translate(facet["label"], context=self.request)
            for value in facet["options"]:
                change = query.without_value if value["chosen"] else query.with_value
                value["url"] = self.url(change(self.search, facet["name"], value["value"]))
        return [facet for facet in listed if facet["options"]]

    def url(self, query_string):
        return f"{self.page_url()}?{query_string}" if query_string else self.page_url()

    def chips(self):
        """``[{label, title, url}]`` of the chosen facet values, dates included: each chip's
        link takes it off."""
        titles = {
            (facet["name"], value["value"]): (facet["label"], value["title"])
            for facet in self.facet_list
            for value in facet["options"]
        }
        chips = []
        for name, values in self.search.filters.items():
            label = translate(query.FACETS_BY_NAME[name].label, context=self.request)
            for value in values:
                title = titles.get((name, value), (label, str(value)))[1]
                chips.append(
                    {
                        "label": label,
                        "title": title,
                        "url": self.url(query.without_value(self.search, name, value)),
                    }
                )
        for name, label, day in (
            ("start", query.START_LABEL, self.search.start),
            ("end", query.END_LABEL, self.search.end),
        ):
            if day:
                chips.append(
                    {
                        "label": translate(label, context=self.request),
                        "title": f"{day:%Y-%m-%d}",
                        "url": self.url(
                            query.query_string(self.search, **{name: None, "page": None})
                        ),
                    }
                )
        return chips

    def hidden_fields(self):
        """``[(name, value)]`` the search box's form carries besides ``q`` (facets, dates)."""
        return [
            pair
            for pair in query.form_pairs(self.search, q=None, page=None)
            if pair[0] not in ("start", "end", "sort")
        ]

    def sort_options(self):
        return [
            {
                "id": sort_id,
                "title": translate(title, context=self.request),
                "selected": sort_id == self.search.sort,
            }
            for sort_id, title in query.SORTS.items()
        ]

    @property
    def pages(self):
        total = self.found.total if self.found else 0
        return max(1, min(-(-total // self.search.size), query.PAGE_MAX))

    def page_links(self):
        """``[{number, url, current}]`` around the current page, and the first and last."""
        current, last = self.search.page, self.pages
        numbers = sorted({1, last, *range(max(1, current - 3), min(last, current + 3) + 1)})
        return [
            {
                "number": number,
                "url": self.url(query.query_string(self.search, page=number)),
                "current": number == current,
            }
            for number in numbers
        ]

    def export_url(self):
        base = f"{aq_inner(self.context).absolute_url()}/@@gongwen-search-export"
        pairs = query.query_string(self.search, page=None, size=None)
        return f"{base}?{pairs}" if pairs else base

    # -- saved searches

    def saved_searches(self):
        portal_url = api.portal.get().absolute_url()
        entries = saved.saved_searches(api.user.get_current().getId())
        for entry in entries:
            base = f"{portal_url}/{entry['scope']}" if entry["scope"] else portal_url
            entry["url"] = f"{base}/@@gongwen-search" + (
                f"?{entry['query']}" if entry["query"] else ""
            )
        return entries

    def current_query(self):
        return query.query_string(self.search, page=None)

    def scope_path(self):
        unit = self.unit
        if unit is None:
            return ""
        portal_path = api.portal.get().getPhysicalPath()
        return "/".join(unit.getPhysicalPath()[len(portal_path) :])

    def site_search_url(self):
        return f"{api.portal.get().absolute_url()}/@@gongwen-search"


class SearchExport(SearchBase):
    """``@@gongwen-search-export``: the results' metadata as CSV, streamed, in the page's order."""

    def __call__(self):
        if not self.read():
            self.request.response.setHeader("Content-Type", "text/plain; charset=utf-8")
            return self.error
        found = self.run()
        catalog = api.portal.get_tool("portal_catalog")
        brains = results.page_of(catalog, self.search, found.ranked, 0, query.EXPORT_MAX)
        heading = [translate(title, context=self.request) for title in EXPORT_HEADING]
        response = self.request.response
        stamp = times.now().strftime("%Y%m%d-%H%M%S")
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader(
            "Content-Disposition", f'attachment; filename="gongwen-search-{stamp}.csv"'
        )
        response.setHeader("Cache-Control", "no-store")
        for chunk in csv_chunks(heading, self.cells(brains)):
            response.write(chunk)
        return b""

    def cells(self, brains):
        units = {}
        for brain in brains:
            if brain.gongwen_unit and brain.gongwen_unit not in units:
                units.update(self.unit_titles([brain]))
            yield [
                brain.Title or brain.getId,
                self.number_of(brain),
                self.archival_code_of(brain),
                translate(TYPE_TITLES.get(brain.portal_type, ""), context=self.request),
                title_of("doc_kind", brain.doc_kind) if brain.doc_kind else "",
                units.get(brain.gongwen_unit, ""),
                self.state_title(brain.review_state, brain.portal_type),
                title_of("urgency", brain.urgency) if brain.urgency else "",
                _date_text(brain.created),
                brain.getURL(),
            ]


class SavedSearchAction(PostAction):
    """Saving or deleting one of the user's saved searches; back to the search page."""

    def user_id(self):
        if api.user.is_anonymous():
            raise Unauthorized("公文检索需要登录。")
        return api.user.get_current().getId()

    def next_url(self):
        page = f"{aq_inner(self.context).absolute_url()}/@@gongwen-search"
        wanted = self.request.form.get("query")
        wanted = wanted if isinstance(wanted, str) and len(wanted) <= saved.QUERY_MAX else ""
        return f"{page}?{wanted}" if wanted else page


class SaveSearch(SavedSearchAction):
    """``@@gongwen-search-save``: save the current search under a name (POST)."""

    def outcome(self):
        form = self.request.form
        wanted = form.get("query") if isinstance(form.get("query"), str) else ""
        try:
            if len(wanted) > saved.QUERY_MAX:
                raise query.SearchError(
                    _("search_saved_too_long", default="检索条件过长，无法保存。")
                )
            # what is saved is a search the page can run: read back and written out again
            search = query.read(dict(urllib.parse.parse_qs(wanted)))
            scope = scope_of(self.context)
            portal_path = api.portal.get().getPhysicalPath()
            where = (
                "/".join(scope.getPhysicalPath()[len(portal_path) :]) if scope is not None else ""
            )
            name = form.get("title") if isinstance(form.get("title"), str) else ""
            entry = saved.save_search(
                self.user_id(), name, query.query_string(search, page=None), where
            )
        except query.SearchError as refused:
            return translate(refused.message, context=self.request), ERROR
        message = _(
            "search_saved_done", default="已保存检索「${name}」。", mapping={"name": entry["name"]}
        )
        return translate(message, context=self.request), INFO


class DeleteSavedSearch(SavedSearchAction):
    """``@@gongwen-search-delete``: delete one of the user's saved searches (POST)."""

    def outcome(self):
        search_id = self.request.form.get("id")
        if isinstance(search_id, str) and saved.delete_search(self.user_id(), search_id):
            message = _("search_saved_deleted", default="已删除保存的检索。")
            return translate(message, context=self.request), INFO
        message = _("search_saved_missing", default="没有这个保存的检索。")
        return translate(message, context=self.request), ERROR

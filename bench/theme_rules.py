"""The Diazo theme's cost per page: Barceloneta's rules against the portal's (issue 21).

    .venv/bin/zconsole run var/instance/etc/zope.conf bench/theme_rules.py \\
        [--user cy_eng_head] [--rounds 5] [--renders 20] [--site Plone]

Stop the server first (FileStorage admits one process). Renders four pages as ``--user``
without the theme (the front page, 我的待办, the latest 发文 the user may see, a search),
then themes each page with Barceloneta's rules and with the portal's
(``portal/theme/rules.xml``), alternating, ``--renders`` times a round. Prints the median
of the rounds' medians for each, their ratio, and whether both give the same page.

The same functions compile and apply the rules for the theme's tests.
"""

import argparse
import inspect
import statistics
import sys
import time
from importlib import resources
from pathlib import Path

from lxml import etree

BARCELONETA_RULES = str(resources.files("plonetheme.barceloneta") / "theme" / "rules.xml")
GONGWEN_RULES = str(resources.files("collective.gongwen") / "portal" / "theme" / "rules.xml")
# Both themes' page is Barceloneta's index.html (the portal's manifest.cfg)
PREFIX = "/++theme++barceloneta"
PARAMETERS = ("url", "base", "path", "scheme", "host", "ajax_load", "portal_url")


def transform(rules):
    """The XSLT of the Diazo ``rules`` file, compiled as plone.app.theming compiles it."""
    from diazo.compiler import compile_theme
    from plone.app.theming.utils import PythonResolver

    theme_parser, rules_parser = etree.HTMLParser(), etree.XMLParser()
    theme_parser.resolvers.add(PythonResolver())  # python://plonetheme.barceloneta/…
    compiled = compile_theme(
        rules,
        absolute_prefix=PREFIX,
        parser=theme_parser,
        rules_parser=rules_parser,
        update=True,
        xsl_params=dict.fromkeys(PARAMETERS, ""),
    )
    return etree.XSLT(compiled)


def parsed(html):
    """``html`` as plone.app.theming parses a page before theming it."""
    from repoze.xmliter.utils import getHTMLSerializer

    return getHTMLSerializer([html], pretty_print=False, encoding="utf-8")


def themed(xslt, html):
    """The page ``html`` themed by ``xslt``, serialized as the portal sends it."""
    page = parsed(html)
    page.tree = xslt(page.tree, **dict.fromkeys(PARAMETERS, "''"))
    return str(page)


def timed(xslt, html, renders):
    """Median milliseconds of theming ``html`` (parsing excluded) over ``renders`` runs."""
    times = []
    for _ in range(renders):
        tree = parsed(html).tree
        start = time.perf_counter()
        xslt(tree, **dict.fromkeys(PARAMETERS, "''"))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def raw_pages(site, user):
    """The front page, 我的待办, the latest 发文 and a search as ``user`` sees them, unthemed."""
    from plone import api
    from zope.event import notify
    from zope.traversing.interfaces import BeforeTraverseEvent

    notify(BeforeTraverseEvent(site, site.REQUEST))  # the portal's browser layers
    with api.env.adopt_user(username=user):
        latest = api.content.find(
            portal_type="gongwen_outgoing", sort_on="modified", sort_order="reverse", sort_limit=1
        )[:1]
        views = {
            "front page": (site, "@@" + site.getLayout()),
            "todo": (site, "@@gongwen-todo"),
            "search": (site, "@@gongwen-search"),
        }
        if latest:
            views["document"] = (latest[0].getObject(), "@@view")
        site.REQUEST.form["q"] = "防汛"
        return {name: context.restrictedTraverse(view)() for name, (context, view) in views.items()}


def main(app):
    sys.path[:0] = [str(Path(inspect.currentframe().f_code.co_filename).resolve().parent)]
    from populate_common import open_site
    from populate_common import script_argv

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="cy_eng_head")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--site", default="Plone")
    args = parser.parse_args(script_argv())
    site = open_site(app, args.site, 30000)
    pages = raw_pages(site, args.user)
    rules = {"Barceloneta": transform(BARCELONETA_RULES), "portal": transform(GONGWEN_RULES)}
    rounds = {(page, name): [] for page in pages for name in rules}
    for _ in range(args.rounds):
        for page, html in pages.items():
            for name, xslt in rules.items():
                rounds[page, name].append(timed(xslt, html, args.renders))
    print(f"theming as {args.user}: median of {args.rounds} rounds × {args.renders} (ms)")
    print(f"{'page':<12}{'elements':>9}{'Barceloneta':>13}{'portal':>9}{'ratio':>8}  same page")
    for page, html in pages.items():
        before, after = (statistics.median(rounds[page, name]) for name in rules)
        same = themed(rules["Barceloneta"], html) == themed(rules["portal"], html)
        elements = len(parsed(html).tree.xpath("//*"))
        print(f"{page:<12}{elements:>9}{before:>13.2f}{after:>9.2f}{after / before:>8.2f}  {same}")


if __name__ == "__main__":
    main(app)  # noqa: F821 (zconsole's)

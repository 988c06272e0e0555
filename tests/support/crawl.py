"""A crawler for 「every string staff see is in Chinese」 (issue 19, item 4).

Logged in as one user (one session, one login), ``crawl`` walks the served
site breadth-first from ``SEED_PATHS`` along same-site ``<a href>`` GET links,
as that user's browser would, and ``findings`` reads each page's visible text
for English words outside ``ALLOWED``, the locale's short dates (26-12-5) and
Plone's leftovers (「空值」, 「by admin」).

Visible text: ``<title>``, the body without scripts, templates and hidden or
screen-reader-only elements, and the ``title``/``alt``/``placeholder`` of
elements and the labels of buttons. Not words: user ids shown beside names
(``cy_eng_staff``), group ids (``changyuan-engineering-members``, Plone's
``(Administrators)`` beside 「管理员」), e-mail
addresses, URLs, file names and digests (data, not the portal's strings).

Plain Python (requests, lxml); the browser test drives it and adds a
Chromium pass for what scripts write.
"""

import collections
import re
import urllib.parse

import requests
from lxml import html as lxml_html

from tests.support.rest import PASSWORD

TIMEOUT = 60

# English words staff may see: file formats, standards and algorithms by their names,
# and the name of the language the portal offers on request. Keep it short.
ALLOWED = frozenset(
    {
        # file formats (the 文件 panel, the viewer, exports)
        "PDF", "OFD", "Word", "WPS", "Excel", "DOC", "DOCX", "XLS", "XLSX", "ODT", "CSV",
        "XML", "ZIP", "JPG", "JPEG", "PNG", "TIFF", "OCR",
        # standards and algorithms (GB/T 9704, DA/T 22, SM3 digests, SHA-256)
        "GB/T", "DA/T", "SM3", "SHA-256",
        # units of size next to a number (320.8 KB, 上限（MB）) and the logo's image format
        "KB", "MB", "SVG",
        # the web address, an item's identifier (审计日志's search), the language switch
        "URL", "UID", "English",
    }
)  # fmt: skip

# Not the portal's words: data shown beside them.
NOT_WORDS = re.compile(
    r"https?://\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    # login, group and URL ids: cy_eng_staff, test_user_1_, changyuan-office_heads
    r"|\b[a-z][a-z0-9]*(?:[-_][a-z0-9]*)+"
    # Plone's own group ids beside their Chinese titles: 管理员 (Administrators)
    r"|\((?:Administrators|Site Administrators|Reviewers|AuthenticatedUsers)\)"
    r"|[\w\u4e00-\u9fff.()（）-]+\.(?i:pdf|ofd|docx?|xlsx?|wps|odt|zip|xml|png|jpe?g|tiff?|txt)\b"
    r"|\b[0-9a-fA-F]{16,}\b"  # digests
    # 档号 (118-WS·2015-D30-GCK-0001) and a department's code (工程管理科（GCK）)
    r"|\b\d+-[A-Z]+·\d{4}-[A-Z]+\d*-[A-Z]+-\d+\b|（[A-Z]+）"
    # a setting's id and the value it had before, in a 修改设置 audit entry (history: what
    # the setting was — on the test layer's site Plone's 「Plone site」):
    # 「站点标题（plone.site_title）」 Plone site → 新乡河务局 电子公文系统 (new value checked)
    r"|（[a-z]+(?:\.\w+)+）」[^→「」]{1,120}→"
    r"|\b[a-z]+(?:\.[a-z_]+)+\b",  # a setting's id in an audit entry: plone.site_title
)
# A word of a Latin script (Français is one word, not two): letters, then digits or joined parts.
LATIN = "A-Za-z\u00c0-\u024f"
WORD = re.compile(rf"[{LATIN}][{LATIN}0-9]*(?:[-/'’][{LATIN}0-9]+)*")
# The Chinese locale's short date (yy-M-d), on its own: 26-12-5, 26-1-5.
SHORT_DATE = re.compile(r"(?<![\d-])\d{2}-\d{1,2}-\d{1,2}(?![\d-])")
LEFTOVERS = ("空值", "by admin", "Plone")

HIDDEN = (
    "//script|//style|//noscript|//template|//*[@hidden]|//*[@aria-hidden='true']"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' visually-hidden ')]"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' hiddenStructure ')]"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' d-none ')]"
    "|//input[@type='hidden']|//*[contains(translate(@style, ' ', ''), 'display:none')]"
    # Names, not words: the languages (each in its own) and the IANA time zones offered
    # by 个人偏好 and Plone's 日期和时间 settings.
    "|//select[contains(@name, 'language')]|//select[contains(@name, 'timezone')]"
)
BUTTON_TYPES = {"submit", "button", "reset"}

# Where a user's walk starts: the pages the navigation and toolbar lead to, and those a
# walk may not reach by links (the personal menu's pages, admin panels, an error page).
SEED_PATHS = (
    "/",
    "/@@gongwen-todo",
    "/@@search",
    "/@@personal-information",
    "/@@personal-preferences",
    "/@@change-password",
    "/@@overview-controlpanel",
    "/@@usergroup-userprefs",
    "/@@usergroup-groupprefs",
    "/changyuan",
    "/changyuan/outgoing",
    "/changyuan/incoming",
    "/xinxiang",
    "/no-such-page",
)
# GET links a browser would follow that we do not: leaving, switching language, acting,
# downloading, Plone's internals and the ZMI.
SKIP = re.compile(
    r"/logout|set_language=|_authenticator=|workflow_action=|content_status_modify"
    r"|/@@download|/@@display-file|/@@images|/@@gongwen-version-download|/@@gongwen-version-pages"
    r"|/\+\+resource\+\+|/\+\+plone\+\+|/\+\+theme\+\+|/\+\+widget\+\+|/\+\+api\+\+"
    r"|/manage(?:_\w+)?(?:$|/)|/portal_\w+|/aq_parent|/RSS|/rss|\.ics$|ical"
    r"|download|export|\.csv|\.zip|\.pdf|\.ofd|\.docx?|\.xlsx?|\.png|\.jpe?g|\.svg|\.js|\.css"
    r"|/@@gongwen-archive-files|/@@gongwen-package|tarball|/sitemap|/@@redirect-to-uuid"
    r"|delete_confirmation|object_delete|object_cut|object_paste|object_rename|/@@rename"
    r"|/@@plone-upgrade|/@@overview-controlpanel/\w"
    # Plone's own settings for the 系统管理员 (an IT person, not staff): out of the check,
    # ours (gongwen-*) and 用户和用户组 in it.
    r"|/@@(?!gongwen)[\w-]+-controlpanel|/@@member-fields|/member-fields/"
    r"|/@@(?:dexterity-types|actions-controlpanel|manage-portlets|manage-viewlets)",
    re.IGNORECASE,
)
# Pages walked for their links whose text is not checked: Plone's 网站设置 overview (its
# versions of Zope, Python and the like, for the 系统管理员), which leads to ours.
UNCHECKED = re.compile(r"/@@overview-controlpanel$")
HEADERS = {"zh-CN": "zh-CN,zh;q=0.9", "en-US": "en-US,en;q=0.9"}

Finding = collections.namedtuple("Finding", "url word context")


def log_in(portal_url, user, locale):
    """A session of ``user`` (None: anonymous) whose browser asks for ``locale``."""
    session = requests.Session()
    session.headers["Accept-Language"] = HEADERS[locale]
    if user is not None:
        response = session.post(
            f"{portal_url}/login",
            data={"__ac_name": user, "__ac_password": PASSWORD, "buttons.login": "登录"},
            timeout=TIMEOUT,
        )
        assert "__ac" in session.cookies, (user, response.status_code)
    return session


def visible_text(page):
    """What a person reads on the page (and in its tooltips and buttons)."""
    tree = lxml_html.fromstring(page)
    parts = [" ".join(tree.xpath("//head/title//text()"))]
    for element in tree.xpath(HIDDEN):
        element.drop_tree()
    body = tree.find("body")
    if body is None:
        return " ".join(parts)
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("title", "alt", "placeholder"):
            if element.get(name):
                parts.append(element.get(name))
        if element.tag == "input" and element.get("type") in BUTTON_TYPES and element.get("value"):
            parts.append(element.get("value"))
    parts.append(" ".join(body.itertext()))
    return re.sub(r"\s+", " ", " ".join(parts))


def findings(url, text):
    """English words outside ``ALLOWED``, short dates and Plone's leftovers in ``text``."""
    found = []
    cleaned = NOT_WORDS.sub(lambda match: " " * len(match.group()), text)
    for leftover in LEFTOVERS:
        for match in re.finditer(re.escape(leftover), cleaned):
            found.append(Finding(url, leftover, _context(text, match)))
    for match in SHORT_DATE.finditer(text):
        found.append(Finding(url, match.group(), _context(text, match)))
    for match in WORD.finditer(cleaned):
        word = match.group()
        if word in ALLOWED or sum(char.isalpha() for char in word) < 2:
            continue
        if word == "Plone":  # reported once, as a leftover
            continue
        found.append(Finding(url, word, _context(text, match)))
    return found


def _context(text, match, width=30):
    return text[max(match.start() - width, 0) : match.end() + width]


def _same_site(portal_url, href, base):
    url = urllib.parse.urljoin(base, href)
    url, _fragment = urllib.parse.urldefrag(url)
    if not url.startswith(portal_url):
        return None
    path, _, _query = url.partition("?")
    if SKIP.search(url):
        return None
    return path.rstrip("/") or portal_url


def _folder_key(portal_url, url):
    """The container of a content page (views and add forms do not count)."""
    path = url[len(portal_url) :]
    segments = [s for s in path.split("/") if s and not s.startswith(("@@", "++"))]
    return "/".join(segments[:-1])


def crawl(session, portal_url, seeds=SEED_PATHS, max_pages=80, per_folder=3, depth=3):
    """Walk the site as ``session``'s user: ``{url: (status, html)}`` of the HTML pages.

    Breadth-first, at most ``depth`` links from a seed, ``per_folder`` items of one
    folder (the fourth 发文 of a listing shows nothing the first three did not), and
    ``max_pages`` pages.
    """
    queue = collections.deque((portal_url + path, 0) for path in seeds)
    queued = {url for url, _level in queue}
    seen = set()
    pages = {}
    per = collections.Counter()
    while queue and len(pages) < max_pages:
        url, level = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = session.get(url, timeout=TIMEOUT, stream=True, allow_redirects=True)
        kind = response.headers.get("Content-Type", "")
        if "text/html" not in kind:
            response.close()
            continue
        page = response.text
        pages[url] = (response.status_code, page)
        if level >= depth or not page.strip():
            continue
        base = response.url
        for href in lxml_html.fromstring(page).xpath("//a/@href"):
            target = _same_site(portal_url, href, base)
            if target is None or target in queued:
                continue
            folder = _folder_key(portal_url, target)
            segments = target[len(portal_url) :].split("/")
            if not segments[-1].startswith(("@@", "++")):
                if per[folder] >= per_folder:
                    continue
                per[folder] += 1
            queued.add(target)
            queue.append((target, level + 1))
    return pages

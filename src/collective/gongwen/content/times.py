"""The portal's one time zone (R-RUN2): how every time is stored, shown, exported and printed.

Plain Python (the standard library and the ``DateTime`` package, no Zope).

Stored: new timestamps are aware datetimes in UTC (``utc_now``); older records
may hold naive datetimes (read as wall-clock time in the portal's zone), Zope
``DateTime`` values or ISO 8601 strings. Shown: whatever the value, ``in_zone``
turns it into an aware datetime in the portal's zone, and ``minute_text``,
``iso_text``, ``date_of``, ``format_date`` (a date in text: 2026年12月5日),
``iso_date`` (a date in tables and inputs: 2026-12-05) and ``minute_date_text``
write it; no other code formats a time.

The process follows the portal's zone (``use_zone``): ``TZ`` and ``time.tzset``,
so ``datetime.now()``, ``date.today()`` and ``time.localtime()`` are the
portal's, and Zope's ``DateTime`` takes the zone by its IANA name. Left alone,
``DateTime`` names the local zone after ``time.tzname``, and under
``TZ=Asia/Shanghai`` that is "CST", which its table reads as US/Central: every
``DateTime()`` carried Beijing's wall-clock time with ``-06:00``.
``collective.gongwen`` applies ``DEFAULT_ZONE`` when it is imported;
``content/zone.py`` follows the site's ``plone.portal_timezone`` record.
"""

import datetime
import os
import sys
import time
import zoneinfo

DEFAULT_ZONE = "Asia/Shanghai"
MINUTE_FORMAT = "%Y-%m-%d %H:%M"

_current = {"name": DEFAULT_ZONE, "zone": zoneinfo.ZoneInfo(DEFAULT_ZONE)}


def zone_name_or_default(name):
    """``name`` if it is an IANA zone both ``zoneinfo`` and ``DateTime`` know, else the default."""
    if not isinstance(name, str) or not name.strip() or len(name) > 64:
        return DEFAULT_ZONE
    name = name.strip()
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return DEFAULT_ZONE
    # Abbreviations ("CST", "EST") and offsets are not zones: only names with a region.
    if "/" not in name and name != "UTC":
        return DEFAULT_ZONE
    return name if _datetime_zone_name(name) else DEFAULT_ZONE


def _datetime_zone_name(name):
    """How ``DateTime`` spells zone ``name`` (its table is case-insensitive), or None."""
    from DateTime.DateTime import _TZINFO

    return _TZINFO._zmap.get(name.lower())


def use_zone(name):
    """Make ``name`` (an IANA zone; the default if unknown) the zone of this process.

    Returns the zone name used. Sets ``TZ`` (and ``time.tzset``) and makes
    ``DateTime``'s local zone that name instead of its reading of
    ``time.tzname``.
    """
    name = zone_name_or_default(name)
    os.environ["TZ"] = name
    time.tzset()
    # ``DateTime/__init__`` exports the class under the module's own name.
    module = sys.modules.get("DateTime.DateTime")
    if module is None or not hasattr(module, "_localzone0"):
        import DateTime.DateTime  # noqa: F401 - loads the module

        module = sys.modules["DateTime.DateTime"]
    datetime_name = _datetime_zone_name(name)
    module._localzone0 = module._localzone1 = datetime_name
    module._multipleZones = False  # one name for standard and summer time: the IANA zone's
    _refresh_zones_taken_at_import(datetime_name)
    _current.update(name=name, zone=zoneinfo.ZoneInfo(name))
    return name


def _refresh_zones_taken_at_import(datetime_name):
    """Modules loaded before us that kept the local zone of their import time follow too.

    plone.dexterity writes ``ModificationDate()`` & co. (the toolbar's
    ``<time datetime>``) in the zone ``DateTime()`` had when it was imported;
    ZCatalog's DateIndex reads naive datetimes with the offsets of its import.
    """
    dexterity = sys.modules.get("plone.dexterity.content")
    if dexterity is not None and hasattr(dexterity, "_zone"):
        dexterity._zone = datetime_name
    date_index = sys.modules.get("Products.PluginIndexes.DateIndex.DateIndex")
    if date_index is not None and hasattr(date_index, "STDOFFSET"):
        date_index.STDOFFSET = datetime.timedelta(seconds=-time.timezone)
        date_index.DSTOFFSET = (
            datetime.timedelta(seconds=-time.altzone) if time.daylight else date_index.STDOFFSET
        )
        date_index.DSTDIFF = date_index.DSTOFFSET - date_index.STDOFFSET


def zone_name():
    """The IANA name of the portal's zone this process uses."""
    return _current["name"]


def zone():
    """The portal's zone (a ``ZoneInfo``)."""
    return _current["zone"]


def now():
    """The current time in the portal's zone (aware)."""
    return datetime.datetime.now(zone())


def utc_now():
    """The current time in UTC (aware): what new records store."""
    return datetime.datetime.now(datetime.UTC)


def today():
    """Today's date in the portal's zone."""
    return now().date()


def _parse(text):
    text = text.strip()
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    from DateTime import DateTime

    try:
        return DateTime(text)
    except Exception:  # DateTime raises its own assortment of errors on bad text
        return None


def in_zone(value, target=None):
    """``value`` as an aware datetime in the portal's zone (or ``target``); None if no time.

    ``value``: an aware or naive datetime (naive = wall-clock time in the
    portal's zone), a date (its midnight), a Zope ``DateTime``, seconds since the
    epoch, or an ISO 8601 / ``DateTime`` string.
    """
    target = target or zone()
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = _parse(value)
        if value is None:
            return None
    if hasattr(value, "timeTime") and hasattr(value, "timezoneNaive"):  # Zope DateTime
        if value.timezoneNaive():
            value = datetime.datetime(
                value.year(),
                value.month(),
                value.day(),
                value.hour(),
                value.minute(),
                int(value.second()),
            )
        else:
            return datetime.datetime.fromtimestamp(value.timeTime(), target)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return datetime.datetime.fromtimestamp(value, target)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            return value.replace(tzinfo=target)
        return value.astimezone(target)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), target)
    return None


def minute_text(value):
    """``2026-12-06 09:05`` in the portal's zone; "" when ``value`` holds no time."""
    moment = in_zone(value)
    return moment.strftime(MINUTE_FORMAT) if moment is not None else ""


def iso_text(value):
    """ISO 8601 to the second with the portal's offset (``2026-12-06T09:05:30+08:00``); or ""."""
    moment = in_zone(value)
    return moment.isoformat(timespec="seconds") if moment is not None else ""


def date_of(value):
    """The date of ``value`` in the portal's zone (a date stays as it is); None if no time."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    moment = in_zone(value)
    return moment.date() if moment is not None else None


def format_date(value):
    """A date in text: ``2026年1月5日`` (Arabic numerals, no leading zeros); "" if none.

    How GB/T 9704 writes 成文日期 / 印发日期, and how every page writes a date
    in prose or on a document's page (issue 19, decision 7; never the Chinese
    locale's short ``26-1-5``). A datetime gives its date in the portal's zone.
    Tables, listings and inputs write ``iso_date`` instead.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        value = date_of(value)  # a datetime, ``DateTime`` or timestamp: its day in the zone
        if value is None:
            return ""
    return f"{value.year}年{value.month}月{value.day}日"


def iso_date(value):
    """A date in tables, listings and inputs: ``2026-01-05``; "" if ``value`` holds no time.

    A datetime (or ``DateTime``, timestamp, ISO text) gives its date in the portal's zone.
    """
    day = date_of(value)
    return day.isoformat() if day is not None else ""


def minute_date_text(value):
    """A time in text: ``2026年1月5日 09:05`` in the portal's zone; "" if no time."""
    moment = in_zone(value)
    return f"{format_date(moment)} {moment:%H:%M}" if moment is not None else ""


def elapsed(since, until=None):
    """The time from ``since`` to ``until`` (default now), never negative; None if no time."""
    start = in_zone(since)
    if start is None:
        return None
    end = in_zone(until) if until is not None else now()
    return max(end - start, datetime.timedelta(0))

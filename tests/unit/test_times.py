"""R-RUN2: one time zone — the helper every time goes through (content/times.py)."""

import datetime
import json
import os
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from DateTime import DateTime

from collective.gongwen.content import times

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2026-12-05 15:18:30 UTC = 23:18:30 in Beijing: the minute of the issue.
MOMENT = datetime.datetime(2026, 12, 5, 15, 18, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def portal_zone():
    """Each test starts and ends in the default zone (Asia/Shanghai)."""
    times.use_zone(times.DEFAULT_ZONE)
    yield
    times.use_zone(times.DEFAULT_ZONE)


@pytest.mark.parametrize(
    "value",
    [
        MOMENT,
        MOMENT.astimezone(ZoneInfo("America/Chicago")),
        datetime.datetime(2026, 12, 5, 23, 18, 30),  # naive: Beijing's wall clock (old records)
        DateTime("2026/12/05 15:18:30 UTC"),
        DateTime("2026/12/05 09:18:30 US/Central"),
        DateTime("2026-12-05T23:18:30+08:00"),
        "2026-12-05T23:18:30+08:00",
        "2026-12-05T15:18:30Z",
        "2026/12/05 23:18:30 Asia/Shanghai",
        MOMENT.timestamp(),
    ],
)
def test_r_run2_every_kind_of_stored_time_reads_as_the_same_beijing_minute(value):
    assert times.in_zone(value) == MOMENT
    assert times.in_zone(value).utcoffset() == datetime.timedelta(hours=8)
    assert times.minute_text(value) == "2026-12-05 23:18"
    assert times.iso_text(value) == "2026-12-05T23:18:30+08:00"
    assert times.date_of(value) == datetime.date(2026, 12, 5)


def test_r_run2_the_date_is_beijing_s_after_midnight_there():
    early = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)  # 00:30 on 1 January
    assert times.date_of(early) == datetime.date(2027, 1, 1)
    assert times.date_of(DateTime("2026/12/31 16:30 UTC")) == datetime.date(2027, 1, 1)
    # A date stays the date it is; a date-only DateTime (catalog dates) too.
    assert times.date_of(datetime.date(2026, 12, 31)) == datetime.date(2026, 12, 31)
    assert times.date_of(DateTime("2026-12-31")) == datetime.date(2026, 12, 31)


def test_r_run2_no_time_is_no_text():
    for value in (None, "", "not a time", object(), True):
        assert times.in_zone(value) is None
        assert times.minute_text(value) == ""
        assert times.iso_text(value) == ""
    assert times.date_of(None) is None


def test_r_run2_new_records_store_utc_and_show_in_the_portal_zone():
    stored = times.utc_now()
    assert stored.utcoffset() == datetime.timedelta(0)
    shown = times.in_zone(stored)
    assert shown.tzinfo.key == "Asia/Shanghai"
    assert abs((times.now() - shown).total_seconds()) < 5
    assert times.today() == datetime.datetime.now(SHANGHAI).date()


def test_r_run2_waiting_time_right_after_arrival_is_zero_not_minutes():
    arrived = DateTime()  # what routing.roles stores as assigned_since
    assert times.elapsed(arrived) < datetime.timedelta(seconds=5)
    # Never negative (a clock a little ahead of ours), and None without a start.
    assert times.elapsed(times.utc_now() + datetime.timedelta(minutes=3)) == datetime.timedelta(0)
    assert times.elapsed(None) is None


@pytest.mark.parametrize(
    "name, used",
    [
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("CST", "Asia/Shanghai"),  # an abbreviation, not a zone: never US/Central
        ("EST", "Asia/Shanghai"),
        ("Mars/Olympus", "Asia/Shanghai"),
        ("", "Asia/Shanghai"),
        (None, "Asia/Shanghai"),
        ("../../etc/passwd", "Asia/Shanghai"),
        ("x" * 1000, "Asia/Shanghai"),
    ],
)
def test_r_run2_only_real_zones_are_used(name, used):
    assert times.zone_name_or_default(name) == used


def test_r_run2_use_zone_moves_the_whole_process():
    assert times.use_zone("Europe/Berlin") == "Europe/Berlin"
    assert os.environ["TZ"] == "Europe/Berlin"
    assert DateTime().timezone() == "Europe/Berlin"
    assert times.minute_text(MOMENT) == "2026-12-05 16:18"
    berlin_now = datetime.datetime.now(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    assert abs(datetime.datetime.now() - berlin_now) < datetime.timedelta(seconds=5)
    assert times.use_zone("CST") == "Asia/Shanghai"
    assert DateTime().timezone() == "Asia/Shanghai"
    assert DateTime().tzoffset() == 8 * 3600


CHILD = """
import json, datetime
import plone.dexterity.content as dexterity
from DateTime import DateTime
import collective.gongwen
from collective.gongwen.content import times
now = DateTime()
print(json.dumps({
    "zone": now.timezone(),
    "iso": now.ISO8601(),
    "parsed": DateTime("2026/12/05 23:18:30").toZone("UTC").ISO8601(),
    "dexterity": dexterity._zone,
    "naive_hour": datetime.datetime.now().hour,
    "beijing_hour": times.now().hour,
    "minute": times.minute_text(DateTime("2026-12-05T15:18:30Z")),
}))
"""


@pytest.mark.parametrize("server_tz", ["Asia/Shanghai", "UTC", "America/Chicago", "CST-8"])
def test_r_run2_the_server_tz_does_not_matter(server_tz):
    """A fresh Python under each TZ: importing the add-on puts DateTime in Beijing (+08:00)."""
    env = dict(os.environ, TZ=server_tz)
    result = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["zone"] == "Asia/Shanghai"
    assert seen["iso"].endswith("+08:00")
    assert seen["parsed"] == "2026-12-05T15:18:30+00:00"  # a time without zone is Beijing's
    assert seen["dexterity"] == "Asia/Shanghai"  # the toolbar's ModificationDate()
    assert seen["naive_hour"] == seen["beijing_hour"]
    assert seen["minute"] == "2026-12-05 23:18"


# --- dates as the bureau writes them (issue 19, decision 7) -------------------------------


@pytest.mark.parametrize(
    "value",
    [datetime.date(2026, 12, 5), MOMENT, DateTime("2026/12/05 15:18:30 UTC"), "2026-12-05"],
)
def test_dates_are_written_in_full_in_text_and_iso_in_tables(value):
    assert times.format_date(value) == "2026年12月5日"
    assert times.iso_date(value) == "2026-12-05"


def test_a_date_has_no_leading_zeros_in_text_and_all_its_digits_in_tables():
    day = datetime.date(2026, 1, 5)
    assert times.format_date(day) == "2026年1月5日"
    assert times.iso_date(day) == "2026-01-05"
    # Never the Chinese locale's short form.
    assert "26-1-5" not in times.format_date(day) + times.iso_date(day)


def test_a_time_in_text_is_its_beijing_date_and_minute():
    assert times.minute_date_text(MOMENT) == "2026年12月5日 23:18"
    # 16:30 UTC on 31 December is the next day in Beijing.
    late = datetime.datetime(2026, 12, 31, 16, 30, tzinfo=datetime.UTC)
    assert times.minute_date_text(late) == "2027年1月1日 00:30"
    assert times.iso_date(late) == "2027-01-01"


@pytest.mark.parametrize("value", [None, "", "not a date"])
def test_no_date_is_no_text(value):
    assert times.iso_date(value) == ""
    assert times.minute_date_text(value) == ""

"""R-RUN1, R-X3: when a kept exchange package is stale, what is too large, how long one takes."""

import dataclasses
import json

import pytest

from collective.gongwen.exchange.package import build_package
from collective.gongwen.exchange.package import plain_metadata
from collective.gongwen.exchange.package import read_package
from collective.gongwen.packaging import rules
from collective.gongwen.packaging.build import build_in_child

METADATA = {
    "title": "关于做好汛前检查的通知",
    "issuer": "长垣河务局",
    "issue_number": "长河〔2026〕8号",
}
SOURCES = [
    {"uid": "a", "role": "official", "version": 1, "filename": "正式.pdf", "size": 10},
    {"uid": "b", "role": "attachment", "version": 0, "filename": "表.txt", "size": 20},
]


def test_r_run1_package_stamp_changes_with_a_file_version_order_or_metadata():
    stamp = rules.stamp(METADATA, SOURCES)
    assert rules.is_fresh(stamp, rules.stamp(dict(METADATA), [dict(s) for s in SOURCES]))
    newer = [SOURCES[0], {**SOURCES[1], "version": 1}]
    assert not rules.is_fresh(stamp, rules.stamp(METADATA, newer))
    assert not rules.is_fresh(stamp, rules.stamp(METADATA, SOURCES[::-1]))
    assert not rules.is_fresh(stamp, rules.stamp({**METADATA, "title": "另一"}, SOURCES))
    assert not rules.is_fresh(None, stamp)


def test_r_run1_package_size_refusals_name_the_bound():
    limits = dataclasses.replace(
        rules.LIMITS, max_members=3, max_file_bytes=100, max_total_bytes=150
    )
    assert rules.size_refusal([("a", 100), ("b", 50)], limits) is None
    assert rules.size_refusal([("a", 1)] * 3, limits).code == rules.TOO_MANY_FILES
    refused = rules.size_refusal([("a", 1), ("大.pdf", 101)], limits)
    assert refused.code == rules.FILE_TOO_LARGE and refused.mapping["name"] == "大.pdf"
    assert rules.size_refusal([("a", 100), ("b", 51)], limits).code == rules.TOO_LARGE


def test_r_run1_package_limits_from_a_claim_never_exceed_ours():
    wire = rules.limits_wire()
    assert rules.limits_of(wire) == rules.LIMITS
    bigger = {key: value * 10 for key, value in wire.items()}
    assert rules.limits_of(bigger) == rules.LIMITS
    assert rules.limits_of({"max_file_bytes": 5, "max_total_bytes": "x"}).max_file_bytes == 5
    assert rules.limits_of(None) == rules.LIMITS


def test_r_run1_package_deadline():
    now = [100.0]
    deadline = rules.Deadline(10, clock=lambda: now[0])
    deadline.check()
    now[0] = 109.5
    assert deadline.left() == pytest.approx(0.5)
    now[0] = 110.0
    with pytest.raises(rules.PackageRefused) as caught:
        deadline.check()
    assert caught.value.code == rules.TIMED_OUT and caught.value.mapping == {"seconds": "10"}


def test_r_run1_package_built_in_a_child_is_the_package_of_build_package(tmp_path):
    import datetime

    metadata = plain_metadata({**METADATA, "written_date": datetime.date(2026, 3, 1)})
    json.dumps(metadata)  # what the claim sends
    (tmp_path / "0.bin").write_bytes(b"%PDF-1.7 official")
    (tmp_path / "1.bin").write_bytes(b"attachment")
    files = [("official", "正式.pdf", "0.bin"), ("attachment", "表.txt", "1.bin")]
    data = build_in_child(metadata, files, str(tmp_path), 60)
    expected = build_package(
        {**METADATA, "written_date": datetime.date(2026, 3, 1)},
        [("official", "正式.pdf", b"%PDF-1.7 official"), ("attachment", "表.txt", b"attachment")],
    )
    assert read_package(data) == read_package(expected)


def test_r_run1_package_child_over_its_time_is_refused(tmp_path):
    (tmp_path / "0.bin").write_bytes(b"%PDF")
    with pytest.raises(rules.PackageRefused) as caught:
        # Python itself needs longer than this to start.
        build_in_child(METADATA, [("official", "a.pdf", "0.bin")], str(tmp_path), 0.001)
    assert caught.value.code == rules.TIMED_OUT

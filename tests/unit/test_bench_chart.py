"""Issue 21 item 5: bench/chart.py draws the growth CSV as SVG (one line per metric and storage,
log-scale documents, milliseconds from 0) with the standard library only."""

import csv
import xml.etree.ElementTree as ET

import pytest

from bench import chart

SVG = "{http://www.w3.org/2000/svg}"
ROWS = [
    ("todo", "filestorage", 10000, 120.0),
    ("todo", "filestorage", 100000, 150.0),
    ("todo", "relstorage", 100000, 190.0),
    ("todo", "relstorage", 10000, 170.0),
    ("front_page", "filestorage", 10000, 80.0),
    ("front_page", "filestorage", 100000, 95.5),
]


def write_csv(path, rows=ROWS):
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["metric", "storage", "documents", "n", "median_ms", "p95_ms"])
        for metric, storage, documents, median in rows:
            writer.writerow([metric, storage, documents, 20, median, median * 1.3])
    return path


def drawn(tmp_path, rows=ROWS, argv=()):
    target = tmp_path / "out" / "growth.svg"
    chart.main([str(write_csv(tmp_path / "growth.csv", rows)), str(target), *argv])
    return ET.parse(target).getroot()


def test_growth_chart_one_line_per_metric_and_storage(tmp_path):
    root = drawn(tmp_path)
    assert root.tag == f"{SVG}svg"
    series = root.findall(f"{SVG}g[@class='series']")
    assert sorted((g.get("data-metric"), g.get("data-storage")) for g in series) == [
        ("front_page", "filestorage"),
        ("todo", "filestorage"),
        ("todo", "relstorage"),
    ]
    relstorage = [g for g in series if g.get("data-storage") == "relstorage"][0]
    line = relstorage.find(f"{SVG}polyline")
    assert line.get("stroke-dasharray")  # RelStorage dashed, FileStorage solid
    points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    # sorted by documents although the CSV was not; the larger time is higher (smaller y)
    assert points[0][0] < points[1][0] and points[1][1] < points[0][1]
    labels = [t.text for g in series for t in g.findall(f"{SVG}text")]
    assert "190" in labels and "todo · relstorage" in labels


def test_growth_chart_axes_log_documents_and_ms_from_zero(tmp_path):
    root = drawn(tmp_path)
    x_ticks = [g.find(f"{SVG}text").text for g in root.findall(f"{SVG}g[@class='x-tick']")]
    assert x_ticks == ["10k", "100k"]
    y_ticks = [float(g.find(f"{SVG}text").text) for g in root.findall(f"{SVG}g[@class='y-tick']")]
    assert y_ticks[0] == 0 and y_ticks[-1] >= 190 * 1.1
    x10k, x100k = (
        float(g.find(f"{SVG}line").get("x1")) for g in root.findall(f"{SVG}g[@class='x-tick']")
    )
    # the 10k and 100k points sit on their ticks (log scale)
    todo = root.find(f"{SVG}g[@data-metric='todo'][@data-storage='filestorage']")
    xs = [float(p.split(",")[0]) for p in todo.find(f"{SVG}polyline").get("points").split()]
    assert xs == pytest.approx([x10k, x100k], abs=0.1)


def test_growth_chart_scales_to_a_million_and_filters_metrics(tmp_path):
    rows = [*ROWS, ("todo", "filestorage", 1_000_000, 400.0)]
    root = drawn(tmp_path, rows, ["--metric", "todo", "--title", "<我的待办> & 首页"])
    x_ticks = [g.find(f"{SVG}text").text for g in root.findall(f"{SVG}g[@class='x-tick']")]
    assert x_ticks == ["10k", "100k", "1M"]
    assert {g.get("data-metric") for g in root.findall(f"{SVG}g[@class='series']")} == {"todo"}
    assert root.find(f"{SVG}text").text == "<我的待办> & 首页"  # escaped, still well-formed


def test_growth_chart_refuses_an_empty_csv(tmp_path):
    with pytest.raises(ValueError):
        drawn(tmp_path, rows=[])


def test_nice_ceiling_and_decades():
    assert chart.nice_ceiling(0) == 1.0
    assert chart.nice_ceiling(187) == 200
    assert chart.nice_ceiling(230) == 250
    assert chart.nice_ceiling(1200) == 2000
    assert chart.decades(10000, 10000) == [10000, 100000]
    assert chart.decades(12000, 950000) == [10000, 100000, 1000000]

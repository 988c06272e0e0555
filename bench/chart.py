"""Draw the growth benchmark's CSV as an SVG chart, standard library only (issue 21 item 5).

    .venv/bin/python bench/chart.py bench/out/growth.csv docs/_static/growth.svg \\
        [--title "…"] [--metric todo --metric front_page …]

Reads ``bench/growth.py``'s rows (``metric, storage, documents, median_ms, …``) and draws one
line per (metric, storage): documents on a log-scale x axis (10k, 100k, …), the median in
milliseconds on a linear y axis from 0, one colour per metric, solid for FileStorage and
dashed for RelStorage, a point and its value at each measured size, and a legend. The SVG
has no script and no external reference: docs/performance.rst includes it as an image.
"""

import argparse
import csv
import math
from pathlib import Path
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 220, 40, 50
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
DASHES = {"filestorage": "", "relstorage": "6 4"}


def read_rows(path):
    """The CSV's rows with ``documents`` as int and ``median_ms`` as float."""
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    for row in rows:
        row["documents"] = int(float(row["documents"]))
        row["median_ms"] = float(row["median_ms"])
    return rows


def series_of(rows, metrics=None):
    """``{(metric, storage): [(documents, median_ms), …]}`` sorted by documents."""
    series = {}
    for row in rows:
        if metrics and row["metric"] not in metrics:
            continue
        key = (row["metric"], row["storage"])
        series.setdefault(key, []).append((row["documents"], row["median_ms"]))
    return {key: sorted(points) for key, points in sorted(series.items())}


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above ``value`` (the y axis' top)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def decades(low, high):
    """The powers of ten from at or below ``low`` to at or above ``high`` (x ticks)."""
    first = math.floor(math.log10(low))
    last = max(math.ceil(math.log10(high)), first + 1)
    return [10**k for k in range(first, last + 1)]


def size_label(documents):
    if documents >= 1_000_000 and documents % 1_000_000 == 0:
        return f"{documents // 1_000_000}M"
    if documents >= 1000 and documents % 1000 == 0:
        return f"{documents // 1000}k"
    return str(documents)


def svg(series, title):
    """The chart as SVG text."""
    if not series:
        raise ValueError("no rows to draw")
    xs = [x for points in series.values() for x, _ in points]
    ys = [y for points in series.values() for _, y in points]
    ticks = decades(min(xs), max(xs))
    x_low, x_high = math.log10(ticks[0]), math.log10(ticks[-1])
    y_top = nice_ceiling(max(ys) * 1.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(documents):
        return LEFT + (math.log10(documents) - x_low) / (x_high - x_low) * plot_w

    def py(ms):
        return TOP + plot_h - ms / y_top * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{WIDTH / 2:.0f}" y="22" text-anchor="middle" font-size="15">'
        f"{escape(title)}</text>",
        f'<g class="axes" stroke="black"><line x1="{LEFT}" y1="{TOP + plot_h}" '
        f'x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/><line x1="{LEFT}" y1="{TOP}" '
        f'x2="{LEFT}" y2="{TOP + plot_h}"/></g>',
    ]
    for tick in ticks:
        x = px(tick)
        out.append(
            f'<g class="x-tick"><line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" '
            f'stroke="#ddd"/><text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
            f"{size_label(tick)}</text></g>"
        )
    for i in range(6):
        value = y_top * i / 5
        y = py(value)
        out.append(
            f'<g class="y-tick"><line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + plot_w}" '
            f'y2="{y:.1f}" stroke="#eee"/><text x="{LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{value:g}</text></g>'
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 10}" text-anchor="middle">'
        "documents (log scale) / 公文数（对数刻度）</text>"
    )
    out.append(
        f'<text transform="translate(16 {TOP + plot_h / 2:.0f}) rotate(-90)" '
        'text-anchor="middle">median ms / 中位数（毫秒）</text>'
    )
    metrics = sorted({metric for metric, _ in series})
    for number, ((metric, storage), points) in enumerate(series.items()):
        colour = COLOURS[metrics.index(metric) % len(COLOURS)]
        dash = DASHES.get(storage, "2 2")
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<g class="series" data-metric="{escape(metric)}" data-storage="{escape(storage)}">'
            f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash_attribute} '
            f'points="{path}"/>'
        )
        for x, y in points:
            out.append(
                f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>'
                f'<text x="{px(x) + 5:.1f}" y="{py(y) - 5:.1f}" font-size="10" '
                f'fill="{colour}">{y:.0f}</text>'
            )
        legend_y = TOP + 10 + number * 18
        legend_x = LEFT + plot_w + 16
        out.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 24}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash_attribute}/>'
            f'<text x="{legend_x + 30}" y="{legend_y + 4}">{escape(metric)} · '
            f"{escape(storage)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("svg")
    parser.add_argument("--title", default="Growth: median per request at 10k and 100k documents")
    parser.add_argument("--metric", action="append", default=[], help="only these (repeatable)")
    args = parser.parse_args(argv)
    series = series_of(read_rows(args.csv), set(args.metric))
    Path(args.svg).parent.mkdir(parents=True, exist_ok=True)
    Path(args.svg).write_text(svg(series, args.title), encoding="utf-8")
    print(f"{args.svg}: {len(series)} lines")


if __name__ == "__main__":
    main()

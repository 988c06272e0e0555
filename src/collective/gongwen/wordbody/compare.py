"""Two versions of a Word 正文 side by side (R-D6, R-A2).

Plain Python (difflib); the workers run it (``wordbody.worker``), never a request.

* ``compare(old, new)`` — rows of the two ``WordDocument``s side by side. Blocks are aligned
  by ``difflib.SequenceMatcher`` on their keys (kind and accepted content, autojunk off);
  within a replaced stretch a block is paired with the most similar block of the same kind
  a few blocks ahead (similarity ≥ ``PAIR_RATIO``), the others are added or removed. A paired
  paragraph is diffed character by character (Chinese has no spaces: the character is the
  unit; very long paragraphs go by sentence); a paired table row by row and cell by cell; a
  picture is the same when its bytes' SHA-256 is. Each row's ``left`` and ``right`` are HTML
  with ``<ins>``/``<del>``; every text is escaped.
* ``collapse(rows)`` — stretches of more than ``COLLAPSE_OVER`` unchanged rows folded into one
  「（相同内容 N 段，已折叠）」 row, keeping ``CONTEXT`` rows next to each change.
* ``render_rows(rows)`` — the rows as one safe HTML table (collapsed first).

Accepted text is what is compared (``Block.key``/``Block.text``): the tracked changes inside
each version are listed with their authors by the 痕迹 page, from the version's analysis.
"""

import html
from dataclasses import dataclass
from difflib import SequenceMatcher

from zope.i18n import translate

from collective.gongwen import _

SAME, CHANGED, ADDED, REMOVED, COLLAPSED = "same", "changed", "added", "removed", "collapsed"
PAIR_RATIO = 0.5  # paired as "changed" when at least this similar, else removed + added
PAIR_LOOKAHEAD = 8  # blocks ahead searched for a block's pair within a replaced stretch
CHARACTER_DIFF_LIMIT = 4_000_000  # len(a) * len(b) above this: diff by sentence
COLLAPSE_OVER = 3
CONTEXT = 1
_SENTENCE_END = frozenset("。；！？!?;\n")


@dataclass
class Row:
    """One row of the comparison: ``state`` and both sides as safe HTML ("" for none)."""

    state: str
    left: str = ""
    right: str = ""
    kind: str = ""
    level: int = 0
    count: int = 0  # collapsed rows: how many unchanged blocks


def _e(value):
    return html.escape(value or "", quote=True)


# The words of the table (summary, folded rows, pictures) are written by the workers, which
# load no message catalogs: in Chinese, whatever process renders them (the UI's default).
LANGUAGE = "zh_CN"


def _t(message):
    return translate(message, target_language=LANGUAGE)


# Character-level diff.


def _tokens(a, b):
    if len(a) * len(b) <= CHARACTER_DIFF_LIMIT:
        return list(a), list(b)
    return _sentences(a), _sentences(b)


def _sentences(text):
    parts, start = [], 0
    for index, character in enumerate(text):
        if character in _SENTENCE_END:
            parts.append(text[start : index + 1])
            start = index + 1
    if start < len(text):
        parts.append(text[start:])
    return parts


def diff_text(a, b):
    """(left, right) HTML of texts ``a`` and ``b``: deletions ``<del>``, insertions ``<ins>``."""
    a, b = a or "", b or ""
    left_tokens, right_tokens = _tokens(a, b)
    matcher = SequenceMatcher(None, left_tokens, right_tokens, autojunk=False)
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old = "".join(left_tokens[i1:i2])
        new = "".join(right_tokens[j1:j2])
        if tag == "equal":
            left.append(_e(old))
            right.append(_e(new))
            continue
        if old:
            left.append(f"<del>{_e(old)}</del>")
        if new:
            right.append(f"<ins>{_e(new)}</ins>")
    return "".join(left), "".join(right)


def _similarity(a, b):
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PAIR_RATIO or matcher.quick_ratio() < PAIR_RATIO:
        return 0.0
    if len(a) * len(b) > CHARACTER_DIFF_LIMIT:
        return matcher.quick_ratio()
    return matcher.ratio()


# Blocks as HTML.


def _text_html(block, inner):
    """``inner`` (escaped text HTML of ``block``) in its element: a heading level or a paragraph."""
    inner = inner.replace("\n", "<br>")
    if block.kind == "heading":
        return (
            f'<p class="gongwen-compare-heading level-{block.level}"><strong>{inner}</strong></p>'
        )
    return f"<p>{inner}</p>"


def _image_text(block):
    if block.image is None:
        note = _t(
            _("wordbody_image_missing", default="［图片：${note}］", mapping={"note": block.note})
        )
        return note
    return _t(
        _(
            "wordbody_image_placeholder",
            default="［图片 ${width}×${height}，${hash}］",
            mapping={
                "width": block.width or "?",
                "height": block.height or "?",
                "hash": block.image_hash()[:8],
            },
        )
    )


def _table_html(rows):
    """A table of rows of cell HTML: ``[(row class, [cell html])]``."""
    body = "".join(
        (f'<tr class="gongwen-compare-{css}">' if css else "<tr>")
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
        for css, cells in rows
    )
    return (
        '<table class="gongwen-compare-table" border="1" cellpadding="4"'
        f' style="border-collapse: collapse"><tbody>{body}</tbody></table>'
    )


def _plain_cells(row):
    return [_e(cell).replace("\n", "<br>") for cell in row]


def _marked_cells(row, tag):
    return [f"<{tag}>{_e(cell)}</{tag}>".replace("\n", "<br>") if cell else "" for cell in row]


def block_html(block, mark=None):
    """``block`` as HTML; ``mark`` (``ins``/``del``) wraps all its text."""
    if block.kind == "table":
        rows = block.cell_texts()
        cells = [(None, _marked_cells(row, mark) if mark else _plain_cells(row)) for row in rows]
        return _table_html(cells)
    if block.kind == "image":
        text = _e(_image_text(block))
        return (
            f'<p class="gongwen-compare-image">{f"<{mark}>{text}</{mark}>" if mark else text}</p>'
        )
    text = _e(block.text())
    return _text_html(block, f"<{mark}>{text}</{mark}>" if mark and text else text)


def _table_diff(old, new):
    old_rows, new_rows = old.cell_texts(), new.cell_texts()
    matcher = SequenceMatcher(
        None, [tuple(row) for row in old_rows], [tuple(row) for row in new_rows], autojunk=False
    )
    left, right = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left += [(None, _plain_cells(row)) for row in old_rows[i1:i2]]
            right += [(None, _plain_cells(row)) for row in new_rows[j1:j2]]
            continue
        pairs = min(i2 - i1, j2 - j1)
        for offset in range(pairs):
            old_row, new_row = old_rows[i1 + offset], new_rows[j1 + offset]
            left_cells, right_cells = [], []
            for index in range(max(len(old_row), len(new_row))):
                if index >= len(old_row):
                    right_cells.append(f"<ins>{_e(new_row[index])}</ins>")
                elif index >= len(new_row):
                    left_cells.append(f"<del>{_e(old_row[index])}</del>")
                else:
                    a, b = diff_text(old_row[index], new_row[index])
                    left_cells.append(a.replace("\n", "<br>"))
                    right_cells.append(b.replace("\n", "<br>"))
            left.append((CHANGED, left_cells))
            right.append((CHANGED, right_cells))
        left += [(REMOVED, _marked_cells(row, "del")) for row in old_rows[i1 + pairs : i2]]
        right += [(ADDED, _marked_cells(row, "ins")) for row in new_rows[j1 + pairs : j2]]
    return _table_html(left), _table_html(right)


def _changed_row(old, new):
    if old.kind == "table":
        left, right = _table_diff(old, new)
    elif old.kind == "image":
        left, right = block_html(old, "del"), block_html(new, "ins")
    else:
        a, b = diff_text(old.text(), new.text())
        left, right = _text_html(old, a), _text_html(new, b)  # each side in its own level
    return Row(CHANGED, left, right, new.kind, new.level)


def _comparable_text(block):
    if block.kind == "table":
        return "\n".join("\t".join(row) for row in block.cell_texts())
    if block.kind == "image":
        return block.image_hash() or block.note
    return block.text()


def _family(kind):
    """Headings and paragraphs pair with each other (a paragraph made a heading is a change)."""
    return "text" if kind in ("heading", "paragraph") else kind


def _pair(old_blocks, new_blocks):
    """Rows of a replaced stretch: similar blocks of one kind paired, the rest removed/added."""
    rows = []
    texts = [_comparable_text(block) for block in new_blocks]
    start = 0
    for old in old_blocks:
        text = _comparable_text(old)
        best, best_ratio = None, PAIR_RATIO
        for index in range(start, min(len(new_blocks), start + PAIR_LOOKAHEAD)):
            new = new_blocks[index]
            if _family(new.kind) != _family(old.kind):
                continue
            ratio = 1.0 if old.kind == "image" else _similarity(text, texts[index])
            if ratio >= best_ratio:
                best, best_ratio = index, ratio
                if ratio == 1.0:
                    break
        if best is None:
            rows.append(Row(REMOVED, block_html(old, "del"), "", old.kind, old.level))
            continue
        for added in new_blocks[start:best]:
            rows.append(Row(ADDED, "", block_html(added, "ins"), added.kind, added.level))
        rows.append(_changed_row(old, new_blocks[best]))
        start = best + 1
    for added in new_blocks[start:]:
        rows.append(Row(ADDED, "", block_html(added, "ins"), added.kind, added.level))
    return rows


def compare(old, new):
    """The rows (``Row``) comparing ``WordDocument`` ``old`` (left) with ``new`` (right)."""
    old_keys = [block.key() for block in old.blocks]
    new_keys = [block.key() for block in new.blocks]
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old_block, new_block in zip(old.blocks[i1:i2], new.blocks[j1:j2], strict=True):
                rows.append(
                    Row(
                        SAME,
                        block_html(old_block),
                        block_html(new_block),
                        new_block.kind,
                        new_block.level,
                    )
                )
        else:
            rows += _pair(old.blocks[i1:i2], new.blocks[j1:j2])
    return rows


def collapse(rows, over=COLLAPSE_OVER, context=CONTEXT):
    """``rows`` with every stretch of more than ``over`` unchanged rows folded into one
    collapsed row, keeping ``context`` rows next to each change."""
    result, index = [], 0
    while index < len(rows):
        if rows[index].state != SAME:
            result.append(rows[index])
            index += 1
            continue
        end = index
        while end < len(rows) and rows[end].state == SAME:
            end += 1
        stretch = rows[index:end]
        before = context if index > 0 else 0  # after a change
        after = context if end < len(rows) else 0  # before a change
        hidden = len(stretch) - before - after
        if len(stretch) > over and hidden > 1:
            result += stretch[:before]
            result.append(Row(COLLAPSED, count=hidden))
            result += stretch[len(stretch) - after :] if after else []
        else:
            result += stretch
        index = end
    return result


def _collapsed_text(count):
    return _t(
        _(
            "wordbody_compare_collapsed",
            default="（相同内容 ${count} 段，已折叠）",
            mapping={"count": count},
        )
    )


def render_rows(rows):
    """``rows`` (collapsed here) as one HTML table, every text escaped."""
    rows = collapse(rows)
    if not any(row.state not in (SAME, COLLAPSED) for row in rows):
        same = _t(_("wordbody_compare_same", default="两个版本的正文内容相同。"))
        summary = f'<p class="gongwen-compare-summary">{_e(same)}</p>'
    else:
        counts = {
            state: sum(1 for row in rows if row.state == state)
            for state in (CHANGED, ADDED, REMOVED)
        }
        summary = _t(
            _(
                "wordbody_compare_summary",
                default="修改 ${changed} 处，新增 ${added} 段，删除 ${removed} 段。",
                mapping={
                    "changed": counts[CHANGED],
                    "added": counts[ADDED],
                    "removed": counts[REMOVED],
                },
            )
        )
        summary = f'<p class="gongwen-compare-summary">{_e(summary)}</p>'
    body = []
    for row in rows:
        if row.state == COLLAPSED:
            text = _e(_collapsed_text(row.count))
            body.append(f'<tr class="gongwen-compare-collapsed"><td colspan="2">{text}</td></tr>')
        else:
            body.append(
                f'<tr class="gongwen-compare-{row.state}">'
                f'<td class="gongwen-compare-old">{row.left}</td>'
                f'<td class="gongwen-compare-new">{row.right}</td></tr>'
            )
    return f'{summary}<table class="gongwen-compare-rows"><tbody>{"".join(body)}</tbody></table>'

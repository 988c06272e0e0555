"""The audit log's exports (R-U1): CSV (UTF-8 with a BOM, so Excel reads the Chinese) streamed a
line at a time, and XLSX (openpyxl, write-only). Plain Python; rows are lists of text.

A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be taken
for a formula by a spreadsheet: it gets a leading ``'`` (CSV/formula injection).
"""

import csv
import io
import tempfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """``value`` (text) as a spreadsheet shows it and never evaluates it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(heading, rows):
    """The CSV file of ``heading`` and ``rows`` as UTF-8 byte chunks (BOM first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow([safe_cell(cell) for cell in heading])
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if count % 500 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_bytes(heading, rows, title="审计日志"):
    """The XLSX workbook of ``heading`` and ``rows`` (one sheet, text cells) as bytes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])

    def text_row(values):
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            cell.data_type = "s"  # text, never a formula
            row.append(cell)
        return row

    sheet.append(text_row(heading))
    for row in rows:
        sheet.append(text_row(row))
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        return spool.read()

"""Spreadsheets (K3), written with XlsxWriter in constant-memory mode: each row goes to a
temporary file as soon as it is written, so a million rows cost what a hundred do. The workbook
is built into an anonymous temporary file and then streamed from it (FileResponse)."""

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.kpis import KPIS

# Column kinds and how each is written: text, a count, a rate (0..1 shown as a percentage, the
# same number the API gives), hours or a score (one or two decimals), money (yuan), a time, a day.
FORMATS = {
    "text": None,
    "count": {"num_format": "0"},
    "rate": {"num_format": "0.00%"},
    "hours": {"num_format": "0.0"},
    "score": {"num_format": "0.00"},
    "money": {"num_format": "#,##0.00"},
    "time": {"num_format": "yyyy-mm-dd hh:mm"},
    "date": {"num_format": "yyyy-mm-dd"},
}


@dataclass
class Column:
    title: str
    kind: str = "text"
    width: int = 12


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[tuple]
    notes: list[str] = field(default_factory=list)  # lines above the header (period, filters)


def _local(value: datetime) -> datetime:
    """Excel has no time zones: times are written as wall-clock times of the installation."""
    return timezone.localtime(value).replace(tzinfo=None)


def write_workbook(target, sheets: list[Sheet]) -> int:
    """Write `sheets` to `target` (a path or a binary file); returns the number of data rows."""
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    formats = {kind: workbook.add_format(spec) if spec else None for kind, spec in FORMATS.items()}
    written = 0
    for sheet in sheets:
        worksheet = workbook.add_worksheet(sheet.title[:31])
        for n, column in enumerate(sheet.columns):
            worksheet.set_column(n, n, column.width, formats[column.kind])
        r = 0
        for note in sheet.notes:
            worksheet.write_string(r, 0, note)
            r += 1
        for n, column in enumerate(sheet.columns):
            worksheet.write_string(r, n, column.title, bold)
        header = r
        r += 1
        kinds = [c.kind for c in sheet.columns]
        for values in sheet.rows:
            for n, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, datetime):
                    worksheet.write_datetime(r, n, _local(value), formats["time"])
                elif isinstance(value, date):
                    worksheet.write_datetime(r, n, datetime.combine(value, datetime.min.time()), formats["date"])
                elif isinstance(value, bool):
                    worksheet.write_boolean(r, n, value)
                elif isinstance(value, (int, float)):
                    worksheet.write_number(r, n, value, formats[kinds[n]])
                elif isinstance(value, Decimal):
                    # Money (to the fen): a cell holds a double, exact for two decimals at these sizes.
                    worksheet.write_number(r, n, float(value), formats[kinds[n]])
                else:
                    worksheet.write_string(r, n, str(value))
            r += 1
            written += 1
        worksheet.freeze_panes(header + 1, 0)
    workbook.close()
    return written


def xlsx_response(filename: str, sheets: list[Sheet]) -> FileResponse:
    """The workbook as a download. Built in a temporary file first (XlsxWriter must finish the
    zip before a byte of it can be sent) and streamed from there in blocks."""
    handle = tempfile.TemporaryFile()
    write_workbook(handle, sheets)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def kpi_columns(kpis) -> list[Column]:
    return [Column(str(k.title), k.kind, 14) for k in kpis]


def report_sheets(report) -> list[Sheet]:
    """A KPI report: the figures by the chosen grouping with their total (the numbers of the
    screen and of `GET reports/kpi`), the previous period and a year before when compared, and the
    definitions."""
    kpis = report.kpis
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    notes = [_("Period: %(first)s to %(last)s; by %(by)s") % {"first": first, "last": last, "by": report.by.title}]
    columns = [Column(str(report.by.title), width=22), Column(pgettext("report", "Key"), width=14)] + kpi_columns(kpis)

    def lines(rows, total):
        for row in rows:
            yield (row.label, row.key, *(row.value(k.code) for k in kpis))
        yield (_("Total"), "", *(total.value(k.code) for k in kpis))

    sheets = [Sheet(_("Figures"), columns, lines(report.rows, report.total), notes)]
    if report.previous is not None:
        for title, period, rows, total in (
            (_("Previous period"), report.previous, report.previous_rows.values(), report.previous_total),
            (_("A year before"), report.year_before, report.year_rows.values(), report.year_total),
        ):
            note = _("Period: %(first)s to %(last)s; by %(by)s") % {
                "first": period.first.isoformat(),
                "last": period.last.isoformat(),
                "by": report.by.title,
            }
            sheets.append(Sheet(title, columns, lines(list(rows), total), [note]))
    sheets.append(definitions_sheet(kpis))
    return sheets


def definitions_sheet(kpis=None) -> Sheet:
    kpis = kpis or list(KPIS.values())
    columns = [Column(_("KPI"), width=24), Column(_("Code"), width=26), Column(_("Definition"), width=90)]
    return Sheet(_("Definitions"), columns, [(str(k.title), k.code, str(k.formula)) for k in kpis])

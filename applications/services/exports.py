"""Excel export of Tables 三 and 四: counts only, never personal data."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from applications.choices import AppealKind
from applications.selectors.statistics import COLUMN_LABELS, TableFour, TableThree


def workbook_bytes(*, title: str, three: TableThree, four: TableFour) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("表三 申请情况")
    sheet.append(
        [
            _("%(title)s %(year)d年 收到和处理政府信息公开申请情况")
            % {
                "title": title,
                "year": three.year,
            }
        ]
    )
    sheet.append(["", *[str(label) for label in COLUMN_LABELS]])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in three.rows:
        sheet.append([str(row.label), *row.counts])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=row.level * 2)
    sheet.column_dimensions["A"].width = 60
    appeals = book.create_sheet(_("表四 复议诉讼"))
    appeals.append(
        [
            _("%(title)s %(year)d年 政府信息公开行政复议、行政诉讼情况")
            % {
                "title": title,
                "year": four.year,
            }
        ]
    )
    appeals.append([str(label) for label in AppealKind.labels for _n in range(5)])
    appeals.append(
        [_("结果维持"), _("结果纠正"), _("其他结果"), _("尚未审结"), _("总计")] * 3
    )
    appeals.append(four.cells)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()

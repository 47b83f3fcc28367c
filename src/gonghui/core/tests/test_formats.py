"""One date format on every page (issue 12): a date a template shows without naming a format reads 2026-11-06,
like the dates the templates, spreadsheets and API write out."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template

from gonghui.core.views import download_name


def test_a_bare_date_reads_like_every_other_date_on_the_site():
    moment = datetime(2026, 11, 6, 9, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    shown = Template('{{ day }}|{{ day|date }}|{{ day|date:"Y-m-d" }}|{{ moment }}').render(
        Context({"day": date(2026, 11, 6), "moment": moment})
    )
    assert shown == "2026-11-06|2026-11-06|2026-11-06|2026-11-06 09:05"


def test_a_download_is_named_for_its_unit_its_subject_and_its_day():
    name = download_name("明湖工会", "第三届/第一次会议", "签到表", day=date(2026, 11, 6), suffix=".xlsx")
    assert name == "明湖工会-第三届_第一次会议-签到表-2026-11-06.xlsx"

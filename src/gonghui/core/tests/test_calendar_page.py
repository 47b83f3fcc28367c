"""The calendar page: one year's holidays, the deadline calculator, adding a year by pasting or uploading."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.core.models import CalendarDay, CalendarYear
from gonghui.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("calendar")
LINES_2027 = "2027-01-01 休 元旦\n2027-02-06 休 春节\n2027-02-08 休 春节\n2027-02-20 班 春节调休\n"


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory(username="worker"))
    return client


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def test_signed_out_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_shows_the_spring_festival_and_its_tiaoxiu_saturdays(member_client):
    page = member_client.get(URL, {"year": 2026}).content.decode()
    assert "2026-02-16" in page and "春节" in page
    assert "2026-02-14" in page and "春节调休" in page
    assert "2025" in page  # earlier known years are listed


def test_calculator_shows_ten_working_days_across_national_day(member_client):
    response = member_client.get(URL, {"start": "2026-09-28", "n": 10, "convention": "working"})
    result = response.context["result"]
    assert result.date == date(2026, 10, 16) and not result.provisional
    assert "2026-10-16（周五）" in response.content.decode()


def test_calculator_applies_a_rule_and_shows_its_citation(member_client):
    response = member_client.get(URL, {"start": "2026-09-28", "rule": "agreement.offer_reply@zhejiang"})
    page = response.content.decode()
    assert response.context["result"].date == date(2026, 10, 16)
    assert "《浙江省集体合同条例》第七条" in page


def test_calculator_marks_a_2027_deadline_as_estimated_and_says_why(member_client):
    response = member_client.get(URL, {"start": "2026-12-28", "n": 10, "convention": "working"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "（预估）" in page
    assert "2027 年的放假安排尚未公布或尚未录入" in page


def test_calculator_asks_for_a_rule_or_a_number_of_days(member_client):
    response = member_client.get(URL, {"start": "2026-09-28"})
    assert "请选择一条规则，或填写期限和计算方式" in response.content.decode()
    assert response.context["result"] is None


def test_a_year_not_yet_known_is_announced_as_estimated(member_client):
    assert "2027 年的放假安排尚未公布或尚未录入" in member_client.get(URL, {"year": 2027}).content.decode()


def test_only_administrators_see_and_may_post_the_add_year_form(member_client):
    assert "录入新一年的放假安排" not in member_client.get(URL).content.decode()
    response = member_client.post(URL, {"year": 2027, "source": "通知", "lines": LINES_2027})
    assert response.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_administrator_adds_a_year_by_pasting_lines(admin_client):
    response = admin_client.post(
        URL, {"year": 2027, "source": "国办发明电〔2026〕测试号", "lines": LINES_2027}
    )
    assert response.status_code == 302
    assert CalendarYear.objects.filter(year=2027).exists()
    # 2027-02-06 is a Saturday: off anyway, so not stored.
    assert set(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == {
        date(2027, 1, 1),
        date(2027, 2, 8),
        date(2027, 2, 20),
    }
    # The page shows 2027, whatever year it is now: a later year, not yet known, would be marked 预估 itself.
    query = {"year": 2027, "start": "2026-12-28", "n": 10, "convention": "working"}
    assert "（预估）" not in admin_client.get(URL, query).content.decode()


def test_administrator_adds_a_year_from_a_gbk_csv_file(admin_client):
    upload = SimpleUploadedFile("2027.csv", "日期,类型,名称\n2027-01-01,休,元旦\n".encode("gb18030"))
    response = admin_client.post(URL, {"year": 2027, "source": "通知", "file": upload})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"


def test_bad_lines_are_refused_with_their_line_numbers_and_nothing_is_stored(admin_client):
    lines = "2027-01-01 休 元旦\n2027-13-01 休 元旦\n2027-02-08 放 春节\n"
    page = admin_client.post(URL, {"year": 2027, "source": "通知", "lines": lines}).content.decode()
    assert "第 2 行“2027-13-01 休 元旦”：没有这一天" in page
    assert "第 3 行“2027-02-08 放 春节”：日期后应写“休”或“班”" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_weekday_marked_as_working_is_refused_with_the_date(admin_client):
    page = admin_client.post(
        URL, {"year": 2027, "source": "通知", "lines": "2027-02-08 班 春节调休"}, follow=True
    ).content.decode()
    assert "2027-02-08（周一） 本来就是工作日" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_known_year_cannot_be_added_again(admin_client):
    page = admin_client.post(
        URL, {"year": 2026, "source": "通知", "lines": "2026-01-01 休 元旦"}
    ).content.decode()
    assert "2026 年的放假安排已经录入" in page


def test_a_file_that_is_not_text_is_refused(admin_client):
    upload = SimpleUploadedFile("2027.xlsx", b"PK\x03\x04")
    page = admin_client.post(URL, {"year": 2027, "source": "通知", "file": upload}).content.decode()
    assert "请上传 .csv 或 .txt 文件" in page

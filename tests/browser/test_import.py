"""The first thing a union does: import its roster. One bad row is shown with its fix, then the fixed file goes in."""

import datetime

import pytest
from playwright.sync_api import expect

from gonghui.core.roles import Role
from gonghui.core.spreadsheets import write_xlsx
from gonghui.orgs.models import Member
from gonghui.orgs.tests.factories import (
    EnterpriseFactory,
    UserFactory,
    grant,
    make_id_number,
    org_child,
    org_root,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["姓名", "身份证号码", "性别", "联系电话", "工作单位", "部门"]


def _roster(tmp_path, name: str, bad_check_digit: bool):
    people = [
        ("周明", make_id_number(datetime.date(1988, 2, 3), 11), "男", "13800001111"),
        ("吴芳", make_id_number(datetime.date(1995, 7, 9), 12, female=True), "女", "13800002222"),
        ("郑强", make_id_number(datetime.date(1979, 11, 30), 13), "男", "13800003333"),
    ]
    if bad_check_digit:
        name_, number, sex, phone = people[1]
        wrong = "0" if number[-1] != "0" else "1"
        people[1] = (name_, number[:-1] + wrong, sex, phone)
    rows = [[n, i, s, p, "青山机械厂", "装配车间"] for n, i, s, p in people]
    path = tmp_path / name
    path.write_bytes(write_xlsx(HEADERS, rows, text_columns={1, 3}))
    return path


@pytest.fixture
def chair():
    town = org_root("青山镇总工会", category="town")
    union = org_child(town, "青山机械厂工会")
    EnterpriseFactory(name="青山机械厂", area=town, union=union)
    user = UserFactory(username="chair")
    grant(user, union, Role.UNION_CHAIR)
    return user


def test_import_shows_the_bad_row_then_takes_the_fixed_file(page, chair, tmp_path):
    login(page, "chair")
    page.get_by_role("link", name="名册导入").click()
    page.get_by_label("名册文件").set_input_files(_roster(tmp_path, "名册.xlsx", bad_check_digit=True))
    page.get_by_role("button", name="上传并校验").click()

    errors = page.locator("#import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("身份证号")
    expect(errors.first).to_contain_text("校验位")
    expect(page.get_by_text("没有写入任何数据")).to_be_visible()
    assert Member.objects.count() == 0

    page.get_by_role("link", name="返回导入记录").click()
    page.get_by_label("名册文件").set_input_files(_roster(tmp_path, "名册-改.xlsx", bad_check_digit=False))
    page.get_by_role("button", name="上传并校验").click()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("全部写入名册")).to_be_visible()
    assert sorted(Member.objects.values_list("name", flat=True)) == ["吴芳", "周明", "郑强"]

    page.get_by_role("link", name="查看会员名册").click()
    expect(page.get_by_text("共 3 条")).to_be_visible()

"""Pages, the API, the Word files, the clause-by-clause review and the daily sweep, as users meet them."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.shared import RGBColor

from gonghui.agreements import services
from gonghui.agreements.models import Agreement, AgreementKind, AgreementStatus, Level
from gonghui.agreements.tasks import run_daily
from gonghui.congress.tests.factories import RepresentativeFactory, TermFactory
from gonghui.core.tests.clock import pinned
from gonghui.core.tests.pdf import A4_POINTS, docx_to_pdf, needs_soffice, page_sizes
from gonghui.notices.models import Notification
from gonghui.orgs.models import Org, OrgCategory
from gonghui.orgs.tests.factories import EnterpriseFactory

from .factories import employer_rep, new_agreement, walk

S = AgreementStatus
# Dates are written out (factories.start(), a term to 2028): run on the day they were written for.
pytestmark = [pytest.mark.django_db, pinned]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_chair_creates_an_agreement_on_the_page(tree):
    client = _client(tree.chair_a)
    kind = AgreementKind.objects.get(code="wage")
    response = client.post(
        reverse("agreement_create"),
        {
            "kind": kind.pk,
            "level": Level.ENTERPRISE,
            "title": "2027年工资专项集体协议",
            "enterprises": [tree.ent_a.pk],
        },
    )
    agreement = Agreement.objects.get(title="2027年工资专项集体协议")
    assert response.status_code == 302
    assert agreement.covered_workers == tree.ent_a.worker_count


def test_an_enterprise_agreement_with_two_enterprises_is_refused_on_the_page(tree):
    second = EnterpriseFactory(area=tree.town_a, union=tree.union_a)
    client = _client(tree.chair_a)
    kind = AgreementKind.objects.get(code="wage")
    response = client.post(
        reverse("agreement_create"),
        {
            "kind": kind.pk,
            "level": Level.ENTERPRISE,
            "title": "x",
            "enterprises": [tree.ent_a.pk, second.pk],
        },
    )
    assert response.status_code == 200
    assert "只选择一家企业" in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_refused_step_shows_the_reason_and_changes_nothing(tree):
    agreement = new_agreement(tree)
    client = _client(tree.chair_a)
    response = client.post(
        reverse("agreement_act", kwargs={"pk": agreement.pk, "action": "offer"}),
        {"offer-on": "2025-03-03"},
        follow=True,
    )
    assert "起草中" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == S.DRAFTING and agreement.offered_on is None


def test_regional_agreement_counts_the_workers_of_every_enterprise_it_covers(tree):
    agreement = services.agreement_create(
        actor=tree.superuser,
        node=tree.town_a,
        kind=AgreementKind.objects.get(code="comprehensive"),
        title="甲镇区域性集体合同",
        level=Level.REGIONAL,
        enterprises=[tree.ent_a2, tree.ent_a_none],
    )
    assert agreement.covered_workers == tree.ent_a2.worker_count + tree.ent_a_none.worker_count
    assert agreement.coverage.count() == 2


def test_representatives_comment_clause_by_clause_and_the_diff_shows_the_change_escaped(tree):
    term = TermFactory(
        node=tree.union_a,
        starts_on=date(2024, 1, 1),
        ends_on=date(2028, 12, 31),
        worker_count=100,
        seats_planned=10,
    )
    RepresentativeFactory(term=term, member=tree.members_a[0])
    agreement = new_agreement(tree)
    services.draft_create(actor=tree.chair_a, agreement=agreement, clauses={"pay": "工资增长<b>5%</b>。"})
    clause = agreement.drafts.get().clauses.get()
    rep = _client(tree.member_user)
    response = rep.post(reverse("clause_comment_add", kwargs={"pk": clause.pk}), {"text": "希望增长6%"})
    assert response.status_code == 302
    assert clause.comments.get().author == tree.member_user
    services.draft_create(
        actor=tree.chair_a, agreement=agreement, clauses={"pay": "工资增长<b>6%</b>。", "hours": "八小时"}
    )
    page = (
        _client(tree.chair_a)
        .get(reverse("draft_diff", kwargs={"pk": agreement.pk, "number": 2}))
        .content.decode()
    )
    assert '<del class="text-danger">5</del><ins class="text-success">6</ins>' in page
    assert "&lt;b&gt;" in page and "<b>" not in page
    assert "新增一章" in page


def test_a_member_who_is_not_a_representative_cannot_comment(tree):
    agreement = new_agreement(tree)
    services.draft_create(actor=tree.chair_a, agreement=agreement, clauses={"pay": "x"})
    clause = agreement.drafts.get().clauses.get()
    response = _client(tree.member_user).post(
        reverse("clause_comment_add", kwargs={"pk": clause.pk}), {"text": "y"}
    )
    assert response.status_code == 404
    assert not clause.comments.exists()


def test_the_agreement_docx_has_title_chapters_numbered_articles_and_signatures(tree):
    agreement = walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    response = _client(tree.chair_a).get(reverse("agreement_docx", kwargs={"pk": agreement.pk}))
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == agreement.title
    assert "第一章 劳动报酬" in text and "第二章 工作时间" in text
    assert "第三条 实行标准工时制度" in text  # articles numbered through the whole contract
    signatures = " ".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "chair_a" in signatures and "赵总经理" in signatures


def test_the_filing_form_lists_the_facts_the_administration_asks_for(tree):
    agreement = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    response = _client(tree.chair_a).get(reverse("filing_form_docx", kwargs={"pk": agreement.pk}))
    table = Document(io.BytesIO(response.content)).tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert rows["合同名称"] == agreement.title
    assert rows["签字日期"] == str(agreement.signed_on)
    assert rows["审查机关"] == "区人力社保局"
    assert "获得通过" in rows["职代会/职工大会审议情况"]


@pytest.mark.parametrize(
    ("jurisdiction", "copies"),
    [("", "3份（《集体合同规定》第四十二条）"), ("zhejiang", "5份（《浙江省集体合同条例》第三十四条）")],
)
def test_the_filing_form_says_how_many_copies_the_statute_asks_for(tree, jurisdiction, copies):
    Org.objects.filter(pk=tree.district.pk).update(jurisdiction=jurisdiction)
    agreement = walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    response = _client(tree.chair_a).get(reverse("filing_form_docx", kwargs={"pk": agreement.pk}))
    rows = {
        row.cells[0].text: row.cells[1].text for row in Document(io.BytesIO(response.content)).tables[0].rows
    }
    assert rows["报送文本份数"] == copies


def test_word_files_are_a4_official_and_issued_by_the_union(tree):
    agreement = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    for name in ("agreement_docx", "filing_form_docx"):
        response = _client(tree.chair_a).get(reverse(name, kwargs={"pk": agreement.pk}))
        document = Document(io.BytesIO(response.content))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), name
        assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28), name
        for style in ("Title", "Heading 1", "Heading 2"):
            assert document.styles[style].font.color.rgb == RGBColor(0, 0, 0), (name, style)
        assert document.core_properties.author == agreement.node.name, name
        assert document.core_properties.last_modified_by == agreement.node.name, name


@needs_soffice
def test_word_files_open_in_libreoffice_as_a4_pages(tree, tmp_path):
    agreement = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    for name in ("agreement_docx", "filing_form_docx"):
        response = _client(tree.chair_a).get(reverse(name, kwargs={"pk": agreement.pk}))
        assert page_sizes(docx_to_pdf(response.content, tmp_path / name)) == {A4_POINTS}, name


def test_a_school_contract_names_the_school_as_the_employer_party(tree):
    agreement = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    Org.objects.filter(pk=agreement.node_id).update(category=OrgCategory.SCHOOL)
    client = _client(tree.chair_a)
    text = Document(io.BytesIO(client.get(reverse("agreement_docx", kwargs={"pk": agreement.pk})).content))
    assert "乙方（学校方）：" in [p.text for p in text.paragraphs][2]
    form = Document(io.BytesIO(client.get(reverse("filing_form_docx", kwargs={"pk": agreement.pk})).content))
    labels = [row.cells[0].text for row in form.tables[0].rows]
    assert "学校方首席代表" in labels and "企业方首席代表" not in labels


def test_no_filing_form_before_the_signature(tree):
    agreement = walk(new_agreement(tree), S.NEGOTIATING, actor=tree.chair_a)
    client = _client(tree.chair_a)
    url = reverse("filing_form_docx", kwargs={"pk": agreement.pk})
    assert url not in client.get(reverse("agreement_detail", kwargs={"pk": agreement.pk})).content.decode()
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("agreement_detail", kwargs={"pk": agreement.pk})
    assert "合同签字后才能生成审查（备案）登记表。" in response.content.decode()


def test_the_api_gives_the_steps_and_the_current_deadlines(tree):
    agreement = walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    client = _client(tree.cadre_a)
    detail = client.get(reverse("api:agreement_detail", kwargs={"agreement_id": agreement.pk})).json()
    assert detail["status"] == "signed" and detail["coverage"][0]["enterprise"] == tree.ent_a.name
    assert detail["node"] == {"id": tree.union_a.pk, "name": tree.union_a.name}
    deadlines = client.get(reverse("api:agreement_deadlines", kwargs={"agreement_id": agreement.pk})).json()
    assert deadlines == [
        {
            "code": "filing",
            "label": "报送审查期限",
            "due": "2025-03-25",
            "rule_id": "agreement.filing",
            "done_on": None,
            "overdue": True,
            "provisional": False,
        }
    ]
    steps = client.get(reverse("api:agreement_steps", kwargs={"agreement_id": agreement.pk})).json()
    assert steps[-1]["kind"] == "signed"
    listing = _client(tree.chair_b).get(reverse("api:agreement_list")).json()
    assert listing["count"] == 0


def test_the_list_flags_a_late_filing_and_searches(tree):
    walk(new_agreement(tree), S.SIGNED, actor=tree.chair_a)
    client = _client(tree.cadre_a)
    page = client.get(reverse("agreement_list"), {"q": "甲机械厂"}).content.decode()
    assert "报送审查期限已逾期" in page
    assert (
        "甲机械厂"
        not in client.get(reverse("agreement_list"), {"q": "不存在"}).content.decode().split("<tbody>")[1]
    )


def test_the_daily_sweep_reminds_the_people_who_must_act_once(tree):
    employer = employer_rep(tree)
    offered = walk(new_agreement(tree), S.OFFERED, actor=tree.chair_a)
    signed = walk(new_agreement(tree, kind="women"), S.SIGNED, actor=tree.chair_a)
    today = signed.filing_due + timedelta(days=1)
    run_daily(today=today)
    assert Notification.objects.filter(user=employer, url__endswith=f"/{offered.pk}/").count() == 1
    assert Notification.objects.filter(user=tree.chair_a, text__contains="报送审查期限").count() == 1
    assert Notification.objects.filter(user=tree.chair_a, text__contains="答复期限").count() == 1
    assert not Notification.objects.filter(user=tree.chair_b).exists()
    count = Notification.objects.count()
    run_daily(today=today)
    assert Notification.objects.count() == count


def test_december_reminds_the_union_of_a_missing_performance_check_until_one_is_recorded(tree):
    agreement = walk(new_agreement(tree), S.IN_FORCE, actor=tree.chair_a)
    year = agreement.starts_on.year
    run_daily(today=date(year, 11, 30))
    assert not Notification.objects.filter(text__contains="履约检查").exists()
    run_daily(today=date(year, 12, 1))
    reminded = Notification.objects.filter(user=tree.chair_a, text__contains=f"{year}年度履约检查")
    assert reminded.count() == 1
    services.performance_check_record(
        actor=tree.chair_a, agreement=agreement, year=year, checked_on=date(year, 12, 2), result="fulfilled"
    )
    run_daily(today=date(year, 12, 3))
    assert reminded.count() == 1


def test_the_daily_command_makes_agreements_effective_and_opens_renewal_windows(tree):
    filed = walk(new_agreement(tree), S.FILED, actor=tree.chair_a)
    out = io.StringIO()
    call_command("agreements_daily", "--date", str(filed.objection_due + timedelta(days=1)), stdout=out)
    filed.refresh_from_db()
    assert filed.status == S.EFFECTIVE
    assert "生效 1" in out.getvalue()
    assert Notification.objects.filter(user=tree.chair_a, text__contains="向全体职工公布").exists()


def test_only_an_administrator_adds_agreement_kinds(tree):
    response = _client(tree.superuser).post(
        reverse("agreement_kind_list"), {"name": "技能人才专项集体合同", "code": "skills", "is_special": "on"}
    )
    assert response.status_code == 302
    assert AgreementKind.objects.filter(code="skills", builtin=False).exists()
    duplicate = _client(tree.superuser).post(
        reverse("agreement_kind_list"), {"name": "技能人才专项集体合同", "code": "x"}
    )
    assert "已有同名" in duplicate.content.decode()
    assert (
        _client(tree.chair_a).post(reverse("agreement_kind_list"), {"name": "y", "code": "y"}).status_code
        == 404
    )
    assert AgreementKind.objects.count() == 5


def test_the_four_builtin_kinds_are_there(db):
    assert set(AgreementKind.objects.filter(builtin=True).values_list("code", flat=True)) == {
        "comprehensive",
        "wage",
        "women",
        "safety",
    }

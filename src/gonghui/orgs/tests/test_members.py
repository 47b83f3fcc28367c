"""Roster keeping through services: validation in Chinese, nothing changes on bad input, every change logged."""

import datetime

import pytest
from django.urls import reverse

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.core.models import AuditEvent
from gonghui.orgs import services
from gonghui.orgs.models import Member, RoleAssignment
from gonghui.orgs.selectors import member_list

from .factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1990, 6, 1)


def _fields(**overrides):
    return {
        "name": "李小红",
        "id_number": make_id_number(BIRTH, 77, female=True),
        "phone": "13912345678",
        **overrides,
    }


def test_create_derives_birth_date_sex_and_initials_from_the_id(tree):
    member = services.member_create(actor=tree.chair_a, union=tree.union_a, **_fields())
    assert (member.birth_date, member.sex, member.initials) == (BIRTH, "F", "lxh")
    assert member.id_tail == member.id_number[-4:]
    assert AuditEvent.objects.filter(action="member.create", object_id=str(member.pk)).count() == 1


def test_create_refuses_wrong_check_digit_and_writes_nothing(tree):
    good = make_id_number(BIRTH, 77)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = Member.objects.count()
    with pytest.raises(DomainError) as exc:
        services.member_create(actor=tree.chair_a, union=tree.union_a, **_fields(id_number=bad))
    assert "校验位" in exc.value.message
    assert Member.objects.count() == before
    assert not AuditEvent.objects.filter(action="member.create").exists()


def test_create_refuses_birth_date_contradicting_the_id(tree):
    with pytest.raises(DomainError, match="出生日期与身份证号不一致"):
        services.member_create(
            actor=tree.chair_a, union=tree.union_a, **_fields(birth_date=datetime.date(1991, 1, 1))
        )


def test_same_person_twice_in_one_union_is_a_duplicate(tree):
    existing = tree.members_a[1]
    with pytest.raises(Conflict) as exc:
        services.member_create(
            actor=tree.chair_a, union=tree.union_a, **_fields(id_number=existing.id_number)
        )
    assert exc.value.code == "duplicate"


def test_member_of_another_union_is_a_transfer_case_not_a_second_row(tree):
    other = tree.members_b[0]
    with pytest.raises(Conflict) as exc:
        services.member_create(actor=tree.chair_a, union=tree.union_a, **_fields(id_number=other.id_number))
    assert exc.value.code == "transfer_case"
    assert "乙电子公司工会" in exc.value.message
    assert Member.objects.get(pk=other.pk).union == tree.union_b


def test_chair_cannot_add_members_to_a_sibling_union(tree):
    with pytest.raises(PermissionDenied):
        services.member_create(actor=tree.chair_b, union=tree.union_a, **_fields())


def test_update_logs_what_changed_and_masks_the_id_number_in_the_log(tree):
    member = tree.members_a[1]
    new_id = make_id_number(member.birth_date, 321, female=False)
    services.member_update(
        actor=tree.chair_a,
        member=member,
        department="二车间",
        id_number=new_id,
        birth_date=member.birth_date,
        sex="M",
    )
    event = AuditEvent.objects.get(action="member.update", object_id=str(member.pk))
    assert event.changes["department"][1] == "二车间"
    assert new_id not in str(event.changes)
    assert "*" in event.changes["id_number"][1]


def test_reveal_full_id_is_logged_and_refused_to_a_federation_cadre(tree):
    member = tree.members_a[1]
    assert services.member_reveal(actor=tree.chair_a, member=member, field="id_number") == member.id_number
    assert AuditEvent.objects.filter(action="member.reveal_pii", actor=tree.chair_a).count() == 1
    with pytest.raises(PermissionDenied):
        services.member_reveal(actor=tree.cadre_a, member=member, field="id_number")


def test_enterprise_with_invalid_credit_code_is_refused(tree):
    with pytest.raises(DomainError) as exc:
        services.enterprise_create(
            actor=tree.cadre_a,
            area=tree.town_a,
            name="新公司",
            credit_code="91320102MA1X2Y3Z4W",
            industry="C",
            ownership="private",
            worker_count=10,
            women_worker_count=3,
        )
    assert exc.value.code == "credit_code"


def test_enterprise_with_more_women_than_workers_is_refused(tree):
    with pytest.raises(DomainError, match="女职工人数"):
        services.enterprise_update(actor=tree.cadre_a, enterprise=tree.ent_a, women_worker_count=101)


def test_enterprise_duplicate_credit_code_names_the_holder(tree):
    with pytest.raises(Conflict, match="甲机械厂"):
        services.enterprise_create(
            actor=tree.cadre_a,
            area=tree.town_a,
            name="另一家",
            credit_code=tree.ent_a.credit_code,
            industry="C",
            ownership="private",
            worker_count=10,
            women_worker_count=3,
        )


def test_chair_cannot_grant_a_federation_role(tree):
    with pytest.raises(DomainError, match="只能授予在总工会"):
        services.role_grant(actor=tree.chair_a, user=tree.nobody, node=tree.union_a, role="federation_cadre")
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=tree.chair_a, user=tree.nobody, node=tree.town_a, role="federation_cadre")


def test_chair_grants_staff_role_once(tree):
    services.role_grant(actor=tree.chair_a, user=tree.nobody, node=tree.union_a, role="union_staff")
    with pytest.raises(Conflict):
        services.role_grant(actor=tree.chair_a, user=tree.nobody, node=tree.union_a, role="union_staff")
    assert AuditEvent.objects.filter(action="role.grant").count() == 1


def test_roles_page_grants_a_role_and_names_an_unknown_username(client, tree):
    client.force_login(tree.chair_a)
    form = {"username": "no-such-user", "node": tree.union_a.pk, "role": "union_staff"}
    page = client.post(reverse("role_list"), form).content.decode()
    assert "没有这个用户名。" in page
    assert not RoleAssignment.objects.filter(user=tree.nobody).exists()
    assert client.post(reverse("role_list"), {**form, "username": "nobody"}).status_code == 302
    assert RoleAssignment.objects.filter(user=tree.nobody, node=tree.union_a, role="union_staff").exists()


def test_roles_page_shows_a_refused_grant_and_grants_nothing(client, tree):
    client.force_login(tree.chair_a)
    form = {"username": "nobody", "node": tree.union_a.pk, "role": "federation_cadre"}
    page = client.post(reverse("role_list"), form).content.decode()
    assert "总工会干部角色只能授予在总工会" in page
    assert not RoleAssignment.objects.filter(user=tree.nobody).exists()


def test_edit_page_logs_the_changed_department(client, tree):
    member = tree.members_a[1]
    client.force_login(tree.chair_a)
    response = client.post(
        reverse("member_edit", kwargs={"pk": member.pk}),
        {
            "name": member.name,
            "id_number": "3201**********0000",
            "sex": member.sex,
            "phone": member.phone,
            "employment_form": "regular",
            "status": "active",
            "department": "总装车间",
            "enterprise": member.enterprise_id,
            "joined_on": "2020-05-01",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).department == "总装车间"
    event = AuditEvent.objects.get(action="member.update", object_id=str(member.pk))
    assert event.changes == {"department": ["", "总装车间"]}


def test_edit_page_shows_the_chinese_error_and_keeps_the_record(client, tree):
    member = tree.members_a[1]
    client.force_login(tree.chair_a)
    response = client.post(
        reverse("member_edit", kwargs={"pk": member.pk}),
        {
            "name": member.name,
            "id_number": "320102199001011235",
            "employment_form": "regular",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert "身份证号" in response.content.decode()
    assert Member.objects.get(pk=member.pk).id_number == member.id_number


def test_roster_sorts_names_in_pinyin_order_reading_surnames_as_surnames(tree):
    names = ["陈波荣", "程成", "蔡博文", "单田芳", "曹雪芹", "沈从文"]
    for name in names:
        MemberFactory(union=tree.union_b, name=name)
    listed = [m.name for m in member_list(user=tree.superuser, node=tree.union_b) if m.name in names]
    assert listed == ["蔡博文", "曹雪芹", "陈波荣", "程成", "单田芳", "沈从文"]  # 单 as a surname is Shàn

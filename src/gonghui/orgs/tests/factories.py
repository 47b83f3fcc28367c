"""factory-boy factories: valid, deterministic data for tests (no fixture files)."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from gonghui.core.idnumber import id_check_char
from gonghui.core.uscc import make_credit_code
from gonghui.orgs.models import Enterprise, Member, Org, OrgCategory, OrgKind, RoleAssignment
from gonghui.orgs.naming import name_initials

_codes = itertools.count(1)
_people = itertools.count(1)


def make_id_number(birth: datetime.date, serial: int, female: bool = False) -> str:
    """A valid 18-digit ID (GB 11643) for a Nanjing-born person."""
    seq = serial % 500 * 2 + (0 if female else 1)
    body = f"320102{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


def org_root(name: str = "测试区总工会", **kwargs) -> Org:
    defaults = {"code": f"F{next(_codes):04d}", "kind": OrgKind.FEDERATION, "category": OrgCategory.DISTRICT}
    return Org.objects.add_root({"name": name, **defaults, **kwargs})


def org_child(parent: Org, name: str, kind: str = OrgKind.UNION, **kwargs) -> Org:
    category = {
        OrgKind.FEDERATION: OrgCategory.TOWN,
        OrgKind.UNION: OrgCategory.ENTERPRISE,
        OrgKind.BRANCH: OrgCategory.BRANCH,
        OrgKind.TEAM: OrgCategory.TEAM,
    }[kind]
    defaults = {"code": f"U{next(_codes):04d}", "kind": kind, "category": category}
    return Org.objects.add_child(Org.objects.get(pk=parent.pk), {"name": name, **defaults, **kwargs})


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


def grant(user, node: Org, role: str) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, node=node, role=role)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    credit_code = factory.Sequence(lambda n: make_credit_code(n + 1))
    industry = "C"
    ownership = "private"
    worker_count = 100
    women_worker_count = factory.LazyAttribute(lambda e: e.worker_count * 2 // 5)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"张{'三四五六七八九'[n % 7]}{n}")
    initials = factory.LazyAttribute(lambda m: name_initials(m.name))
    birth_date = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * n % 12000)
    )
    sex = "M"
    id_number = factory.LazyAttributeSequence(lambda m, n: make_id_number(m.birth_date, n, m.sex == "F"))
    id_tail = factory.LazyAttribute(lambda m: m.id_number[-4:])
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    phone_tail = factory.LazyAttribute(lambda m: m.phone[-4:])
    joined_on = datetime.date(2020, 5, 1)

"""Organisation test data: factory-boy factories (valid, deterministic, no fixture files) and the short builders
`org_root`, `org_child` and `grant` that the tests read best with. The shared tree is the `tree` fixture
(fixtures.py).

Every app keeps its test data the same way, in `<app>/tests/factories.py`: a factory-boy factory per model the
tests create directly, and a named builder function where a state can only be reached through the services
(agreements' `walk`, voting's `open_poll`, proposals' `submitted`)."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model

from gonghui.core.idnumber import id_check_char
from gonghui.core.uscc import make_credit_code
from gonghui.orgs.models import Enterprise, Member, Org, OrgCategory, OrgKind, RoleAssignment
from gonghui.orgs.naming import name_initials, name_sort_key

_codes = itertools.count(1)
_people = itertools.count(1)


def make_id_number(birth: datetime.date, serial: int, female: bool = False) -> str:
    """A valid 18-digit ID (GB 11643) for a Nanjing-born person."""
    seq = serial % 500 * 2 + (0 if female else 1)
    body = f"320102{birth:%Y%m%d}{seq:03d}"
    return body + id_check_char(body)


def typed_full_width(number: str) -> str:
    """An ID number as a Chinese IME in full-width mode types it: "３２０１０２…"."""
    return "".join(chr(ord(char) + 0xFEE0) for char in number)


def old_15_digit(number: str) -> str:
    """The pre-1999 15-digit form of an 18-digit number of someone born in the 1900s (no century, no check)."""
    assert number[6:8] == "19", number
    return number[:6] + number[8:17]


CHILD_CATEGORIES = {
    OrgKind.FEDERATION: OrgCategory.TOWN,
    OrgKind.UNION: OrgCategory.ENTERPRISE,
    OrgKind.BRANCH: OrgCategory.BRANCH,
    OrgKind.TEAM: OrgCategory.TEAM,
}


class OrgFactory(factory.django.DjangoModelFactory):
    """A node of the union tree: a district federation at the root, or a grassroots union (or `kind`) under
    `parent`. treebeard gives it its place in the tree."""

    class Meta:
        model = Org

    parent = None
    name = factory.Sequence(lambda n: f"测试组织{n}")
    kind = factory.LazyAttribute(lambda o: OrgKind.FEDERATION if o.parent is None else OrgKind.UNION)
    category = factory.LazyAttribute(
        lambda o: OrgCategory.DISTRICT if o.parent is None else CHILD_CATEGORIES[o.kind]
    )
    code = factory.LazyAttribute(lambda o: f"{'F' if o.parent is None else 'U'}{next(_codes):04d}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **fields):
        if parent is None:
            return model_class.objects.add_root(fields)
        return model_class.objects.add_child(model_class.objects.get(pk=parent.pk), fields)


def org_root(name: str = "测试区总工会", **kwargs) -> Org:
    return OrgFactory(name=name, **kwargs)


def org_child(parent: Org, name: str, kind: str = OrgKind.UNION, **kwargs) -> Org:
    return OrgFactory(parent=parent, name=name, kind=kind, **kwargs)


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
    name_key = factory.LazyAttribute(lambda m: name_sort_key(m.name))
    birth_date = factory.Sequence(
        lambda n: datetime.date(1970, 1, 1) + datetime.timedelta(days=97 * n % 12000)
    )
    sex = "M"
    id_number = factory.LazyAttributeSequence(lambda m, n: make_id_number(m.birth_date, n, m.sex == "F"))
    id_tail = factory.LazyAttribute(lambda m: m.id_number[-4:])
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    phone_tail = factory.LazyAttribute(lambda m: m.phone[-4:])
    joined_on = datetime.date(2020, 5, 1)

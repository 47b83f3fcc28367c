"""Terms of a congress and their representatives: a new term, adding a representative or recording that one
left, and importing the list of representatives from a spreadsheet."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.peoplesheet import read_people
from gonghui.core.text import clean_cell
from gonghui.orgs.models import Member, MemberStatus, Org, OrgKind

from ..models import Representative, RepresentativeStatus, Term, VotingCode
from ._common import _require_manage


def term_create(
    *,
    actor,
    node: Org,
    kind: str,
    number: int,
    starts_on: date,
    ends_on: date,
    worker_count: int,
    women_worker_count: int = 0,
    manager_count: int = 0,
    seats_planned: int,
) -> Term:
    """A new term (届). Its workforce figures are the denominators of the composition checks."""
    _require_manage(actor, node)
    if node.kind != OrgKind.UNION:
        raise DomainError(_("职代会由基层工会组织，请先切换到一个基层工会。"))
    if ends_on <= starts_on:
        raise DomainError(_("任期结束日期应晚于开始日期。"))
    if women_worker_count > worker_count or manager_count > worker_count:
        raise DomainError(_("女职工人数和管理人员人数都不能超过职工总数。"))
    if worker_count < 1 or seats_planned < 1:
        raise DomainError(_("职工总数和代表名额都应大于零。"))
    if Term.objects.filter(node=node, kind=kind, number=number).exists():
        raise Conflict(_("第%(number)s届已经登记过了。") % {"number": number})
    with transaction.atomic():
        term = Term.objects.create(
            node=node,
            kind=kind,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            worker_count=worker_count,
            women_worker_count=women_worker_count,
            manager_count=manager_count,
            seats_planned=seats_planned,
        )
        audit(actor=actor, action="congress.term_create", obj=term, scope_path=node.path)
    return term


def representative_add(
    *,
    actor,
    term: Term,
    member: Member,
    constituency: str,
    elected_on: date,
    is_manager: bool = False,
    is_frontline: bool = False,
    is_teacher: bool = False,
) -> Representative:
    """Record an elected representative, taken from the union's own roster."""
    _require_manage(actor, term.node)
    if member.union_id != term.node_id:
        raise DomainError(_("%(name)s 不在本工会的会员名册中。") % {"name": member.name})
    if member.status != MemberStatus.ACTIVE:
        raise DomainError(_("%(name)s 已不在会，不能当选代表。") % {"name": member.name})
    if not constituency.strip():
        raise DomainError(_("请填写代表团或选区。"))
    if Representative.objects.filter(term=term, member=member).exists():
        raise Conflict(_("%(name)s 已经是本届代表。") % {"name": member.name})
    with transaction.atomic():
        representative = Representative.objects.create(
            term=term,
            member=member,
            constituency=constituency.strip(),
            elected_on=elected_on,
            is_manager=is_manager,
            is_frontline=is_frontline,
            is_teacher=is_teacher,
        )
        audit(
            actor=actor, action="congress.representative_add", obj=representative, scope_path=term.node.path
        )
    return representative


def representative_leave(*, actor, representative: Representative, left_on: date) -> Representative:
    """A representative leaves office (调离、辞职、罢免); their live voting codes stop working."""
    _require_manage(actor, representative.term.node)
    if representative.status == RepresentativeStatus.LEFT:
        raise Conflict(_("%(name)s 已经离任。") % {"name": representative.member.name})
    with transaction.atomic():
        representative.status = RepresentativeStatus.LEFT
        representative.left_on = left_on
        representative.save(update_fields=["status", "left_on"])
        VotingCode.objects.filter(representative=representative, revoked=False).update(revoked=True)
        audit(
            actor=actor,
            action="congress.representative_leave",
            obj=representative,
            scope_path=representative.term.node.path,
        )
    return representative


IMPORT_COLUMNS = {"constituency": ("代表团/选区", "代表团", "选区")}
IMPORT_FLAGS = {"is_manager": ("中层以上",), "is_frontline": ("一线",), "is_teacher": ("教师",)}
YES = {"是", "√", "Y", "YES", "1", "TRUE"}
MAX_IMPORT_ERRORS = 10


def representatives_import(*, actor, term: Term, rows: list[list]) -> int:
    """Elected representatives from a spreadsheet (the election results list): a header row with 身份证号 and
    代表团/选区, optional 中层以上 / 一线 / 教师 columns (是/否). Every row is checked first; any error refuses the
    whole file, naming the rows, and nothing is written."""
    _require_manage(actor, term.node)
    if not rows:
        raise DomainError(_("文件是空的。"))
    sheet = read_people(rows, columns=IMPORT_COLUMNS | IMPORT_FLAGS, required=["constituency"])
    roster = Member.objects.filter(union=term.node, status=MemberStatus.ACTIVE)
    roster = {m.id_number: m for m in roster.filter(id_number__in=sheet.id_numbers())}
    taken = set(term.representatives.values_list("member_id", flat=True))
    new = []
    for person in sheet.people:
        constituency = clean_cell(person.cells["constituency"])
        member = roster.get(person.id_number)
        if member is None:
            sheet.add_problem(person.row, _("身份证号不在本工会的在会会员名册中。"))
        elif member.pk in taken:
            sheet.add_problem(person.row, _("%(name)s 已经是本届代表。") % {"name": member.name})
        elif not constituency:
            sheet.add_problem(person.row, _("请填写代表团/选区。"))
        else:
            taken.add(member.pk)
            flags = {key: clean_cell(person.cells.get(key)).upper() in YES for key in IMPORT_FLAGS}
            new.append(
                Representative(
                    term=term,
                    member=member,
                    constituency=constituency[:100],
                    elected_on=term.starts_on,
                    **flags,
                )
            )
    if sheet.problems:
        raise DomainError("\n".join(sheet.errors(limit=MAX_IMPORT_ERRORS)), code="import_rows")
    if not new:
        raise DomainError(_("文件中没有代表。"))
    with transaction.atomic():
        Representative.objects.bulk_create(new)
        audit(
            actor=actor,
            action="congress.representatives_import",
            obj=term,
            scope_path=term.node.path,
            changes={"count": len(new)},
        )
    return len(new)

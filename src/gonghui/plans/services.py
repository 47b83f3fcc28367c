"""Every change to a plan: permission checked (PlanCap.MANAGE_PLANS on the plan's node), input checked with a
Chinese message naming the fix, one transaction, an audit entry."""

import calendar
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.congress.models import AgendaItem, AgendaKind
from gonghui.core.audit import audit
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.permissions import require
from gonghui.core.registry import PROGRESS_PROVIDERS
from gonghui.meetings.models import CommitteeMeeting
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import has_cap

from . import rules
from .models import (
    Milestone,
    Occurrence,
    OwnerKind,
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    ProgressNote,
    Repeat,
    Target,
)
from .roles import PlanCap

TITLE_MAX = Plan._meta.get_field("title").max_length
ITEM_TITLE_MAX = PlanItem._meta.get_field("title").max_length
OWNER_MAX = PlanItem._meta.get_field("owner_name").max_length
UNIT_MAX = Target._meta.get_field("unit").max_length
NOTE_MAX = ProgressNote._meta.get_field("text").max_length
REASON_MAX = PlanVersion._meta.get_field("reason").max_length
YEAR_MIN, YEAR_MAX = 2000, 2100
QUANTITY_MAX = Decimal("999999999999")


def _text(value, label: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise DomainError(_("请填写%(label)s。") % {"label": label}, code="required")
    if len(value) > max_length:
        raise DomainError(
            _("%(label)s不能超过 %(n)s 个字。") % {"label": label, "n": max_length}, code="too_long"
        )
    return value


def _require_manager(actor, node: Org) -> None:
    if actor is None:  # the server's own operator (`gonghui import-plan`), as orgs.importing.pipeline allows
        return
    require(
        has_cap(actor, PlanCap.MANAGE_PLANS, node),
        _("只有本级工会主席、委员或上级工会干部可以制定和修改计划。"),
    )


def _audit(actor, action: str, plan: Plan, **changes) -> None:
    audit(actor=actor, action=f"plan.{action}", obj=plan, scope_path=plan.node.path, changes=changes)


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("node").get(pk=plan.pk)


def _editable(plan: Plan) -> None:
    if not plan.editable:
        raise Conflict(
            _("计划已通过，修改前请先“修订计划”并写明修订原因；已结束的计划不能修改。"), code="not_editable"
        )


def _check_year(year) -> int:
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(
            _("年度须是 %(a)s 至 %(b)s 之间的年份。") % {"a": YEAR_MIN, "b": YEAR_MAX}, code="year"
        )
    return year


def _check_node(node: Org) -> None:
    if node.kind not in (OrgKind.UNION, OrgKind.FEDERATION):
        raise DomainError(_("年度工作计划属于基层工会或总工会，不能建在分会、班组上。"), code="node")


# --- Plans ------------------------------------------------------------------------------------------------


def plan_create(*, actor, node: Org, year: int, title: str) -> Plan:
    """A new draft plan of the node for the year (one per node and year)."""
    _require_manager(actor, node)
    _check_node(node)
    year = _check_year(year)
    title = _text(title, _("计划标题"), TITLE_MAX)
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=node.pk).first()
        if Plan.objects.filter(node=node, year=year).exists():
            raise Conflict(
                _("%(node)s已有 %(year)s 年度的工作计划，请在原计划上修改。")
                % {"node": node.name, "year": year},
                code="duplicate",
            )
        plan = Plan.objects.create(node=node, year=year, title=title, created_by=actor)
        _audit(actor, "create", plan, year=year, title=title)
    return plan


def plan_adopt(
    *,
    actor,
    plan: Plan,
    meeting: CommitteeMeeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> Plan:
    """通过: the draft was adopted by a union committee meeting of the node, or by a congress session of the node
    through an agenda item (its poll, when it has one, certified). Exactly one of the two."""
    _require_manager(actor, plan.node)
    if (meeting is None) == (agenda_item is None):
        raise DomainError(_("请选择通过计划的工会委员会会议或职代会议程（二者选一）。"), code="adopted_by")
    if meeting is not None:
        if meeting.node_id != plan.node_id:
            raise DomainError(_("只能选择本级工会委员会的会议。"), code="meeting")
        adopted_on = meeting.held_on
    else:
        session = agenda_item.session
        if session.term.node_id != plan.node_id:
            raise DomainError(_("只能选择本级职代会的议程。"), code="agenda_item")
        if agenda_item.kind not in (AgendaKind.PLAN, AgendaKind.REPORT):
            raise DomainError(_("请选择“计划”或“工作报告”类议程。"), code="agenda_item")
        poll = agenda_item.poll
        if poll is not None and poll.status != "certified":
            raise DomainError(_("该议程的表决结果尚未确认，确认后再登记通过。"), code="agenda_item")
        adopted_on = session.held_on
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != PlanStatus.DRAFT:
            raise Conflict(_("只有草稿状态的计划可以登记通过。"), code="wrong_state")
        plan.status = PlanStatus.ADOPTED
        plan.adopted_on = adopted_on
        plan.adopted_at_meeting = meeting
        plan.adopted_at_agenda = agenda_item
        plan.save(update_fields=["status", "adopted_on", "adopted_at_meeting", "adopted_at_agenda"])
        _audit(actor, "adopt", plan, adopted_on=adopted_on.isoformat(), by=str(meeting or agenda_item))
    return plan


def plan_start(*, actor, plan: Plan) -> Plan:
    """执行: an adopted plan is being carried out."""
    return _move(actor, plan, PlanStatus.ADOPTED, PlanStatus.IN_PROGRESS, "start")


def plan_close(*, actor, plan: Plan) -> Plan:
    """结束: the year's work is done; nothing changes any more."""
    return _move(actor, plan, PlanStatus.IN_PROGRESS, PlanStatus.CLOSED, "close")


def _move(actor, plan: Plan, before: str, after: str, action: str) -> Plan:
    _require_manager(actor, plan.node)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != before:
            raise Conflict(
                _("计划当前状态为“%(status)s”，不能进行此操作。") % {"status": plan.get_status_display()},
                code="wrong_state",
            )
        plan.status = after
        plan.save(update_fields=["status"])
        _audit(actor, action, plan, status=after)
    return plan


def plan_snapshot(plan: Plan) -> list[dict]:
    """The items as they stand, in document order, as plain data (what an old version shows)."""
    from .selectors import numbered_items

    return [
        {
            "number": row.number,
            "level": row.item.level,
            "title": row.item.title,
            "owner": row.item.owner_name,
            "deadlines": [m.due.isoformat() for m in row.item.milestones.all()],
            "targets": [
                {"quantity": str(t.quantity), "unit": t.unit, "result": t.result}
                for t in row.item.targets.all()
            ],
        }
        for row in numbered_items(plan)
    ]


def plan_new_version(*, actor, plan: Plan, reason: str) -> Plan:
    """修订: after adoption, keep the plan as it stands with the reason for the change, and open the next
    version for editing."""
    _require_manager(actor, plan.node)
    reason = _text(reason, _("修订原因"), REASON_MAX)
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status not in (PlanStatus.ADOPTED, PlanStatus.IN_PROGRESS):
            raise Conflict(_("只有已通过、执行中的计划需要修订；草稿可直接修改。"), code="wrong_state")
        PlanVersion.objects.create(
            plan=plan, number=plan.version, reason=reason, snapshot=plan_snapshot(plan), created_by=actor
        )
        plan.version += 1
        plan.save(update_fields=["version"])
        _audit(actor, "new_version", plan, version=plan.version, reason=reason)
    return plan


# --- Items ------------------------------------------------------------------------------------------------


def _parse_date(value, year: int) -> date:
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            raise DomainError(
                _("日期“%(value)s”无法识别，请写成 2026-05-31 的格式。") % {"value": value}, code="deadline"
            ) from None
    if day.year != year:
        raise DomainError(
            _("期限 %(day)s 不在计划年度 %(year)s 年内。") % {"day": day.isoformat(), "year": year},
            code="deadline",
        )
    return day


def _parse_targets(targets) -> list[Target]:
    parsed = []
    for target in targets or []:
        if not isinstance(target, dict):
            raise DomainError(_("量化目标格式不对。"), code="targets")
        unit = _text(target.get("unit"), _("目标的单位（次、人次、名、%、元）"), UNIT_MAX)
        try:
            quantity = Decimal(str(target.get("quantity")))
        except (InvalidOperation, ValueError):
            quantity = None
        if quantity is None or not quantity.is_finite() or not 0 <= quantity <= QUANTITY_MAX:
            raise DomainError(
                _("目标数量“%(q)s”须是不小于 0 的数字。") % {"q": target.get("quantity")}, code="targets"
            )
        if unit == "%" and quantity > 100:
            raise DomainError(_("百分比目标不能超过 100%。"), code="targets")
        parsed.append(
            Target(quantity=quantity.quantize(Decimal("0.01")), unit=unit, result=bool(target.get("result")))
        )
    return parsed


def repeat_dates(repeat: str, year: int) -> list[date]:
    """The days a repeating item falls due in the year: month ends, mid-month and month end, every other
    Friday-fortnight from 14 January, quarter ends, or the year's last day (yearly, and biennial in its year)."""
    month_ends = [date(year, m, calendar.monthrange(year, m)[1]) for m in range(1, 13)]
    if repeat == Repeat.MONTHLY:
        return month_ends
    if repeat == Repeat.TWICE_MONTHLY:
        return sorted([date(year, m, 15) for m in range(1, 13)] + month_ends)
    if repeat == Repeat.BIWEEKLY:
        first = date(year, 1, 14)
        return [
            first + timedelta(days=14 * i) for i in range(27) if (first + timedelta(days=14 * i)).year == year
        ]
    if repeat == Repeat.QUARTERLY:
        return [month_ends[2], month_ends[5], month_ends[8], month_ends[11]]
    if repeat in (Repeat.YEARLY, Repeat.BIENNIAL):
        return [month_ends[11]]
    return []


def _check_item_fields(*, title, owner_kind, owner_name, repeat) -> tuple[str, str, str, str]:
    title = _text(title, _("条目内容"), ITEM_TITLE_MAX)
    owner_name = _text(owner_name, _("责任人/部门"), OWNER_MAX, required=False)
    if owner_kind not in ("", *OwnerKind.values):
        raise DomainError(_("请选择责任主体：个人、委员会或单位。"), code="owner_kind")
    if repeat not in Repeat.values:
        raise DomainError(_("重复方式无法识别，请从列表中选择。"), code="repeat")
    return title, owner_kind, owner_name, repeat


def _next_position(plan: Plan, parent: PlanItem | None) -> int:
    return (PlanItem.objects.filter(plan=plan, parent=parent).aggregate(n=Max("position"))["n"] or 0) + 1


def _create_item(
    plan: Plan,
    parent: PlanItem | None,
    *,
    title: str,
    owner_kind: str = "",
    owner_name: str = "",
    repeat: str = "",
    deadlines=(),
    targets=(),
    cascade: bool = False,
    source: PlanItem | None = None,
) -> PlanItem:
    """Write one checked item with its milestones, occurrences and targets (the caller holds the plan lock)."""
    item = PlanItem.objects.create(
        plan=plan,
        parent=parent,
        level=1 if parent is None else parent.level + 1,
        position=_next_position(plan, parent),
        title=title,
        owner_kind=owner_kind,
        owner_name=owner_name,
        repeat=repeat,
        cascade=cascade,
        source=source,
    )
    Milestone.objects.bulk_create(Milestone(item=item, due=day) for day in deadlines)
    Occurrence.objects.bulk_create(Occurrence(item=item, due=day) for day in repeat_dates(repeat, plan.year))
    for target in targets:
        target.item = item
    Target.objects.bulk_create(targets)
    return item


def item_add(
    *,
    actor,
    plan: Plan,
    parent: PlanItem | None = None,
    title: str,
    owner_kind: str = "",
    owner_name: str = "",
    repeat: str = "",
    deadlines: list | None = None,
    targets: list[dict] | None = None,
) -> PlanItem:
    """Add an item at the end of its parent's children (or of the plan's sections)."""
    _require_manager(actor, plan.node)
    title, owner_kind, owner_name, repeat = _check_item_fields(
        title=title, owner_kind=owner_kind, owner_name=owner_name, repeat=repeat
    )
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise DomainError(_("上级条目不属于这份计划。"), code="parent")
        if parent.level >= rules.MAX_LEVEL:
            raise DomainError(_("计划条目最多分 %(n)s 级。") % {"n": rules.MAX_LEVEL}, code="parent")
    days = [_parse_date(d, plan.year) for d in deadlines or []]
    parsed = _parse_targets(targets)
    with transaction.atomic():
        plan = _locked(plan)
        _editable(plan)
        item = _create_item(
            plan,
            parent,
            title=title,
            owner_kind=owner_kind,
            owner_name=owner_name,
            repeat=repeat,
            deadlines=days,
            targets=parsed,
        )
        _audit(actor, "item_add", plan, item=item.pk, title=title)
    return item


def item_update(
    *,
    actor,
    item: PlanItem,
    title: str,
    owner_kind: str = "",
    owner_name: str = "",
    provider: str = "",
    provider_params: dict | None = None,
) -> PlanItem:
    """Change an item's words, owner, or the provider its progress is counted from ("" unlinks it)."""
    plan = item.plan
    _require_manager(actor, plan.node)
    title, owner_kind, owner_name, _repeat = _check_item_fields(
        title=title, owner_kind=owner_kind, owner_name=owner_name, repeat=item.repeat
    )
    params = _check_provider(plan, provider, provider_params or {})
    with transaction.atomic():
        plan = _locked(plan)
        _editable(plan)
        before = {"title": item.title, "owner_name": item.owner_name, "provider": item.provider}
        item.title, item.owner_kind, item.owner_name = title, owner_kind, owner_name
        item.provider, item.provider_params = provider, params
        item.save(update_fields=["title", "owner_kind", "owner_name", "provider", "provider_params"])
        after = {"title": title, "owner_name": owner_name, "provider": provider}
        _audit(
            actor,
            "item_update",
            plan,
            item=item.pk,
            **{k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    return item


def item_link(*, actor, item: PlanItem, provider: str, provider_params: dict | None = None) -> PlanItem:
    """Link an item to a progress provider (a record count of another app), or unlink it with ""."""
    return item_update(
        actor=actor,
        item=item,
        title=item.title,
        owner_kind=item.owner_kind,
        owner_name=item.owner_name,
        provider=provider,
        provider_params=provider_params,
    )


def _check_provider(plan: Plan, key: str, params: dict) -> dict:
    if not key:
        return {}
    provider = PROGRESS_PROVIDERS.get(key)
    if provider is None:
        raise DomainError(_("进度来源“%(key)s”不存在，请从列表中选择。") % {"key": key}, code="provider")
    if provider.choices is None:
        return {}
    allowed = {value for value, _label in provider.choices(plan.node, plan.year)}
    choice = str(params.get("choice", "")) if isinstance(params, dict) else ""
    if choice not in allowed:
        raise DomainError(
            _("请为“%(label)s”选择一项（可选项由上级工会设定）。") % {"label": provider.label},
            code="provider_params",
        )
    return {"choice": choice}


def item_cascade(*, actor, item: PlanItem) -> list[PlanItem]:
    """下达: a federation's level-1 or level-2 item goes to every union directly or indirectly below it. Each
    union gets a copy in its plan of the same year (a draft is started for a union that has none); a union
    that already has the copy is skipped, so sending twice adds nothing."""
    plan = item.plan
    _require_manager(actor, plan.node)
    if plan.node.kind != OrgKind.FEDERATION:
        raise DomainError(_("只有总工会的计划条目可以下达到下级工会。"), code="cascade")
    unions = list(
        Org.objects.filter(path__startswith=plan.node.path, kind=OrgKind.UNION)
        .exclude(pk=plan.node_id)
        .order_by("path")
    )
    if not unions:
        raise DomainError(_("%(node)s下面还没有基层工会。") % {"node": plan.node.name}, code="cascade")
    milestones = [m.due for m in item.milestones.all()]
    copies = []
    with transaction.atomic():
        _locked(plan)
        PlanItem.objects.filter(pk=item.pk).update(cascade=True)
        have = set(PlanItem.objects.filter(source=item).values_list("plan__node_id", flat=True))
        for union in unions:
            if union.pk in have:
                continue
            target_plan = Plan.objects.filter(node=union, year=plan.year).first() or Plan.objects.create(
                node=union,
                year=plan.year,
                title=_("%(node)s%(year)s年工作计划") % {"node": union.name, "year": plan.year},
                created_by=actor,
            )
            copy = _create_item(
                target_plan,
                None,
                title=item.title,
                owner_kind=OwnerKind.UNIT,
                owner_name=union.name,
                repeat=item.repeat,
                deadlines=milestones,
                targets=[Target(quantity=t.quantity, unit=t.unit) for t in item.targets.filter(result=False)],
                source=item,
            )
            if item.provider:
                copy.provider, copy.provider_params = item.provider, item.provider_params
                copy.save(update_fields=["provider", "provider_params"])
            copies.append(copy)
        _audit(actor, "item_cascade", plan, item=item.pk, units=len(copies))
    return copies


# --- Progress ---------------------------------------------------------------------------------------------


def _check_evidence(evidence) -> None:
    if evidence is None:
        return
    suffix = Path(evidence.name or "").suffix.lower()
    if suffix not in rules.EVIDENCE_TYPES:
        raise DomainError(
            _("佐证材料只接受 %(types)s 文件。") % {"types": "、".join(sorted(rules.EVIDENCE_TYPES))},
            code="evidence",
        )
    if evidence.size > rules.EVIDENCE_MAX_BYTES:
        raise DomainError(
            _("佐证材料不能超过 %(mb)s MB。") % {"mb": rules.EVIDENCE_MAX_BYTES // (1024 * 1024)},
            code="evidence",
        )
    head = evidence.read(8)
    evidence.seek(0)
    magic = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8"}.get(
        suffix, b"PK"
    )
    if not head.startswith(magic):
        raise DomainError(_("佐证材料的内容与文件类型不符，请重新选择文件。"), code="evidence")


def note_add(*, actor, item: PlanItem, on: date, text: str, evidence=None) -> ProgressNote:
    """A dated progress note (进展情况) with an optional evidence file (rules.EVIDENCE_TYPES, EVIDENCE_MAX_BYTES)."""
    plan = item.plan
    _require_manager(actor, plan.node)
    text = _text(text, _("进展情况"), NOTE_MAX)
    if on > timezone.localdate():
        raise DomainError(_("进展日期不能晚于今天。"), code="on")
    if on.year != plan.year:
        raise DomainError(_("进展日期须在计划年度 %(year)s 年内。") % {"year": plan.year}, code="on")
    _check_evidence(evidence)
    if plan.status == PlanStatus.CLOSED:
        raise Conflict(_("计划已结束，不能再记录进展。"), code="wrong_state")
    with transaction.atomic():
        note = ProgressNote(item=item, on=on, text=text, author=actor)
        if evidence is not None:
            note.evidence.save(Path(evidence.name).name, evidence, save=False)
        note.save()
        _audit(actor, "note_add", plan, item=item.pk, on=on.isoformat())
    return note


def _done_on(on: date, plan: Plan) -> date:
    if on > timezone.localdate():
        raise DomainError(_("完成日期不能晚于今天。"), code="done_on")
    if plan.status == PlanStatus.CLOSED:
        raise Conflict(_("计划已结束，不能再修改完成情况。"), code="wrong_state")
    return on


def milestone_done(*, actor, milestone: Milestone, on: date | None) -> Milestone:
    """Mark a milestone done on a day, or not done (None)."""
    plan = milestone.item.plan
    _require_manager(actor, plan.node)
    milestone.done_on = None if on is None else _done_on(on, plan)
    with transaction.atomic():
        milestone.save(update_fields=["done_on"])
        _audit(actor, "milestone_done", plan, item=milestone.item_id, done_on=str(on or ""))
    return milestone


def occurrence_tick(*, actor, occurrence: Occurrence, on: date | None) -> Occurrence:
    """Tick one occurrence of a repeating item as done on a day (or untick it with None)."""
    plan = occurrence.item.plan
    _require_manager(actor, plan.node)
    occurrence.done_on = None if on is None else _done_on(on, plan)
    with transaction.atomic():
        occurrence.save(update_fields=["done_on"])
        _audit(actor, "occurrence_tick", plan, item=occurrence.item_id, due=occurrence.due.isoformat())
    return occurrence


# --- A plan from an outline (the import parser's output) ----------------------------------------------------


def create_plan_from_outline(*, actor, node: Org, year: int, outline: list[dict], title: str) -> Plan:
    """A draft plan built from an outline in document order: [{"level": 1..4, "number": "一、", "title": …,
    "deadlines": ["2026-05-31", …], "repeat": "" | "monthly" | …, "targets": [{"quantity": 2, "unit": "次",
    "result": false}]}]. A level may go down one step at a time and up any number; the numbers written in the
    source are recomputed from the structure. Every entry is checked before anything is written: a bad one is
    named by its place ("第 3 条") and nothing is created."""
    _require_manager(actor, node)
    _check_node(node)
    year = _check_year(year)
    title = _text(title, _("计划标题"), TITLE_MAX)
    if not isinstance(outline, list) or not outline:
        raise DomainError(_("计划内容为空：至少要有一个条目。"), code="outline")
    checked = []
    previous_level = 0
    for index, entry in enumerate(outline, start=1):
        try:
            checked.append(_check_outline_entry(entry, year, previous_level))
        except DomainError as error:
            raise DomainError(
                _("第 %(n)s 条：%(message)s") % {"n": index, "message": error.message}, code=error.code
            ) from None
        previous_level = checked[-1]["level"]
    with transaction.atomic():
        plan = plan_create(actor=actor, node=node, year=year, title=title)
        parents: dict[int, PlanItem] = {}
        for entry in checked:
            level = entry.pop("level")
            item = _create_item(plan, parents.get(level - 1), **entry)
            parents[level] = item
        _audit(actor, "import", plan, items=len(checked))
    return plan


def _check_outline_entry(entry, year: int, previous_level: int) -> dict:
    if not isinstance(entry, dict):
        raise DomainError(_("条目格式不对。"), code="outline")
    level = entry.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= rules.MAX_LEVEL:
        raise DomainError(_("层级须是 1 至 %(n)s。") % {"n": rules.MAX_LEVEL}, code="level")
    if level > previous_level + 1:
        raise DomainError(_("层级不能跳级（上一条是第 %(p)s 级）。") % {"p": previous_level}, code="level")
    title, _kind, _owner, repeat = _check_item_fields(
        title=entry.get("title"), owner_kind="", owner_name="", repeat=entry.get("repeat") or ""
    )
    deadlines = entry.get("deadlines") or []
    if not isinstance(deadlines, list):
        raise DomainError(_("期限格式不对。"), code="deadline")
    targets = entry.get("targets") or []
    if not isinstance(targets, list):
        raise DomainError(_("量化目标格式不对。"), code="targets")
    return {
        "level": level,
        "title": title,
        "repeat": repeat,
        "deadlines": sorted({_parse_date(d, year) for d in deadlines}),
        "targets": _parse_targets(targets),
    }


# --- Starting a plan: blank, from a template, or from last year's ------------------------------------------

SOURCE_LAST_YEAR = "last_year"


def source_choices() -> list[tuple[str, str]]:
    from .templates_data import TEMPLATES

    return [(SOURCE_LAST_YEAR, _("复制上一年度计划（日期顺延一年）"))] + [
        (f"template:{key}", _("模板：%(name)s") % {"name": t["name"]}) for key, t in TEMPLATES.items()
    ]


def provider_params_choices(plan: Plan, key: str) -> list[tuple[str, str]]:
    provider = PROGRESS_PROVIDERS.get(key)
    if provider is None or provider.choices is None:
        return []
    return provider.choices(plan.node, plan.year)


def plan_draft(*, actor, node: Org, year: int, title: str, source: str = "") -> Plan:
    """A new draft: blank, from one of the product's templates, or a copy of the node's plan of the year before
    (each date moved a year on, provider links dropped: last year's records are not this year's progress)."""
    if not source:
        return plan_create(actor=actor, node=node, year=year, title=title)
    if source == SOURCE_LAST_YEAR:
        return plan_copy_last_year(actor=actor, node=node, year=year, title=title)
    if source.startswith("template:"):
        return plan_from_template(
            actor=actor, node=node, year=year, title=title, key=source.removeprefix("template:")
        )
    raise DomainError(_("起草方式无法识别，请从列表中选择。"), code="source")


def plan_from_template(*, actor, node: Org, year: int, title: str, key: str) -> Plan:
    from .templates_data import TEMPLATES, outline

    if key not in TEMPLATES:
        raise DomainError(_("没有这个计划模板，请从列表中选择。"), code="source")
    return create_plan_from_outline(
        actor=actor, node=node, year=year, outline=outline(key, year), title=title
    )


def _moved(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return date(year, 2, 28)


def plan_copy_last_year(*, actor, node: Org, year: int, title: str) -> Plan:
    from .selectors import numbered_items

    _require_manager(actor, node)
    last = Plan.objects.filter(node=node, year=year - 1).first()
    if last is None:
        raise DomainError(
            _("%(node)s没有 %(year)s 年度的计划可以复制。") % {"node": node.name, "year": year - 1},
            code="source",
        )
    outline = [
        {
            "level": row.item.level,
            "title": row.item.title,
            "repeat": row.item.repeat,
            "deadlines": [_moved(m.due, year).isoformat() for m in row.item.milestones.all()],
            "targets": [
                {"quantity": t.quantity, "unit": t.unit, "result": False}
                for t in row.item.targets.all()
                if not t.result
            ],
        }
        for row in numbered_items(last)
    ]
    with transaction.atomic():
        plan = create_plan_from_outline(actor=actor, node=node, year=year, outline=outline, title=title)
        owners = [(row.item.owner_kind, row.item.owner_name) for row in numbered_items(last)]
        for row, (kind, name) in zip(numbered_items(plan), owners, strict=True):
            if name or kind:
                PlanItem.objects.filter(pk=row.item.pk).update(owner_kind=kind, owner_name=name)
    return plan

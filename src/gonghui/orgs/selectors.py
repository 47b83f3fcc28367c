"""Reads, always scoped to what the user's roles reach. Nothing renders a queryset that did not come from here."""

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Count, Func, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr

from gonghui.core.errors import NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.roles import CAPABILITIES, Cap, Role

from .models import Enterprise, Member, MembershipTransfer, MemberStatus, Org, OrgKind, RoleAssignment
from .naming import surname_letters


def role_assignments(user) -> list[RoleAssignment]:
    """The user's roles, fetched once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("node").order_by("node__path"))
        user._role_assignments = cached
    return cached


def reach_paths(user, cap: str) -> list[str]:
    """Path prefixes of the subtrees where the user holds `cap`. [""] means everything (superuser)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return [""]
    paths = sorted({a.node.path for a in role_assignments(user) if cap in CAPABILITIES[a.role]})
    # Drop paths already covered by an ancestor path: keeps the SQL short.
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def has_cap(user, cap: str, node: Org) -> bool:
    return any(node.path.startswith(p) for p in reach_paths(user, cap))


def paths_q(paths: list[str], field: str = "node__path") -> Q:
    """Rows whose `field`, an organisation path, lies in one of the subtrees `paths` ("" is everything)."""
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def reach_q(user, cap: str, field: str = "node__path") -> Q:
    """Rows whose `field` lies where the user holds `cap`: the one reach filter every app's selectors use."""
    return paths_q(reach_paths(user, cap), field)


def home_nodes(user) -> list[Org]:
    """The nodes the user can switch between: where they hold a role (every root for a superuser)."""
    if user.is_superuser:
        return list(Org.objects.filter(depth=1).order_by("path"))
    seen, nodes = set(), []
    for assignment in role_assignments(user):
        if assignment.node_id not in seen:
            seen.add(assignment.node_id)
            nodes.append(assignment.node)
    return nodes


def org_list(*, user, cap: str = Cap.VIEW_OVERVIEW, within: Org | None = None) -> QuerySet[Org]:
    orgs = Org.objects.filter(reach_q(user, cap, "path"))
    if within is not None:
        orgs = orgs.filter(path__startswith=within.path)
    return orgs.order_by("path")


def org_get(*, user, pk: int, cap: str = Cap.VIEW_OVERVIEW) -> Org:
    org = org_list(user=user, cap=cap).filter(pk=pk).first()
    if org is None:
        raise NotFound()
    return org


def union_list(*, user, cap: str, within: Org | None = None) -> QuerySet[Org]:
    return org_list(user=user, cap=cap, within=within).filter(kind=OrgKind.UNION)


def enterprise_scope_q(path: str) -> Q:
    """An enterprise belongs to a subtree through its union, or through its area when it has none."""
    return Q(union__path__startswith=path) | Q(union__isnull=True, area__path__startswith=path)


def enterprise_list(*, user, node: Org, search: str = "") -> QuerySet[Enterprise]:
    if not has_cap(user, Cap.VIEW_OVERVIEW, node):
        return Enterprise.objects.none()
    enterprises = Enterprise.objects.filter(enterprise_scope_q(node.path)).select_related("union", "area")
    if search:
        enterprises = enterprises.filter(Q(name__contains=search) | Q(credit_code__startswith=search.upper()))
    return enterprises.order_by("name", "pk")


def enterprise_get(*, user, pk: int, node: Org) -> Enterprise:
    enterprise = enterprise_list(user=user, node=node).filter(pk=pk).first()
    if enterprise is None:
        raise NotFound()
    return enterprise


def member_scope_q(node: Org) -> Q:
    if node.kind in (OrgKind.FEDERATION, OrgKind.UNION):
        return Q(union__path__startswith=node.path)
    return Q(unit__path__startswith=node.path)


MEMBER_SORTS = {
    "name": ("name_key", "pk"),  # pinyin order (naming.name_sort_key)
    "-name": ("-name_key", "-pk"),
    "joined": ("joined_on", "pk"),
    "-joined": ("-joined_on", "-pk"),
    "birth": ("birth_date", "pk"),
    "-birth": ("-birth_date", "-pk"),
}


def member_list(
    *,
    user,
    node: Org,
    search: str = "",
    status: str = "",
    sex: str = "",
    sort: str = "name",
) -> QuerySet[Member]:
    """The roster below `node`. Search matches a name, pinyin initials, or the last digits of an ID or phone."""
    if not has_cap(user, Cap.VIEW_ROSTER, node):
        return Member.objects.none()
    members = Member.objects.filter(member_scope_q(node)).select_related("union", "enterprise", "unit")
    search = search.strip()
    if search.isdigit() and len(search) == 4:
        members = members.filter(Q(id_tail=search) | Q(phone_tail=search))
    elif search.isdigit() or (search[:-1].isdigit() and search[-1:] in "xX" and search):
        members = members.filter(Q(id_number__endswith=search.upper()) | Q(phone__endswith=search))
    elif search.isascii() and search.isalpha():
        members = members.filter(initials__startswith=search.lower())
    elif search:
        members = _name_search(members, search)
    if status:
        members = members.filter(status=status)
    if sex:
        members = members.filter(sex=sex)
    return members.order_by(*MEMBER_SORTS.get(sort, MEMBER_SORTS["name"]))


class NameBigrams(Func):
    """orgs_name_bigrams(name): the character pairs of a name, GIN-indexed on PostgreSQL (migration orgs/0003)."""

    function = "orgs_name_bigrams"
    output_field = ArrayField(models.TextField())


def _name_search(members: QuerySet[Member], search: str) -> QuerySet[Member]:
    """One character is a surname, two or more a fragment of the name.

    pg_trgm cannot index patterns under three characters, so on PostgreSQL the name's bigram index narrows the
    rows and LIKE makes the exact check; a surname also narrows the initials range, so the first page of a
    list sorted by initials starts there instead of walking 700k rows (docs/benchmarks.md, member_list).
    """
    if len(search) == 1:
        members = members.filter(name__startswith=search)
        pairs = ["^" + search]
        letters = Q(pk__in=[])
        for letter in surname_letters(search):
            letters |= Q(initials__gte=letter, initials__lt=chr(ord(letter) + 1))
        members = members.filter(letters)
    else:
        members = members.filter(name__contains=search)
        pairs = sorted({search[i : i + 2] for i in range(len(search) - 1)})
    if connection.vendor == "postgresql":
        members = members.alias(name_bigrams=NameBigrams("name")).filter(name_bigrams__contains=pairs)
    return members


def member_get(*, user, pk: int, node: Org | None = None) -> Member:
    """A roster keeper reaches members in their subtrees; everyone reaches their own record."""
    member = Member.objects.select_related("union", "enterprise", "unit").filter(pk=pk).first()
    if member is None:
        raise NotFound()
    if member.user_id == user.pk and user.is_authenticated:
        return member
    home = member.unit if member.unit_id else member.union
    if not (has_cap(user, Cap.VIEW_ROSTER, home) or has_cap(user, Cap.VIEW_ROSTER, member.union)):
        raise NotFound()
    return member


def own_member(user) -> Member | None:
    if not user.is_authenticated:
        return None
    return Member.objects.select_related("union", "enterprise").filter(user=user).first()


# --- Federation overview ------------------------------------------------------------------------------


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def overview(*, user, node: Org) -> dict:
    """Counts for `node` and for each child, in five grouped queries whatever the number of children.

    建会率 = enterprises with a union ÷ enterprises; 入会率 = active members ÷ workers of those enterprises.
    An enterprise counts under its union, or under its area while it has none.
    """
    if not has_cap(user, Cap.VIEW_OVERVIEW, node):
        raise NotFound()
    children = list(node.child_list())
    width = len(node.path) + Org.steplen
    rows = {child.path: _empty_counts(child) for child in children}
    total = _empty_counts(node)

    def bucket(path: str | None) -> dict | None:
        return rows.get(path[:width]) if path and len(path) >= width else None

    unions = (
        Org.objects.filter(path__startswith=node.path, kind=OrgKind.UNION)
        .annotate(prefix=Substr("path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"))
    )
    for row in unions:
        _add(total, bucket(row["prefix"]), "unions", row["n"])
    enterprises = (
        Enterprise.objects.filter(enterprise_scope_q(node.path))
        .annotate(prefix=Substr(Coalesce("union__path", "area__path"), 1, width))
        .values("prefix")
        .annotate(
            n=Count("pk"),
            unionised=Count("union"),
            workers=Sum("worker_count"),
            women=Sum("women_worker_count"),
        )
    )
    for row in enterprises:
        target = bucket(row["prefix"])
        for key in ("n", "unionised", "workers", "women"):
            _add(total, target, {"n": "enterprises"}.get(key, key), row[key] or 0)
    # A member counts in the branch or team they are placed in (Member.unit), else in their union.
    within = "union__path" if node.kind in (OrgKind.FEDERATION, OrgKind.UNION) else "unit__path"
    members = (
        Member.objects.filter(**{f"{within}__startswith": node.path}, status=MemberStatus.ACTIVE)
        .annotate(prefix=Substr(Coalesce("unit__path", "union__path"), 1, width))
        .values("prefix")
        .annotate(n=Count("pk"), women=Count("pk", filter=Q(sex="F")))
    )
    for row in members:
        target = bucket(row["prefix"])
        _add(total, target, "members", row["n"])
        _add(total, target, "women_members", row["women"])
    for counts in [total, *rows.values()]:
        counts["union_rate"] = _rate(counts["unionised"], counts["enterprises"])
        counts["membership_rate"] = _rate(counts["members"], counts["workers"])
    return {"node": node, "total": total, "children": [rows[c.path] for c in children]}


def _empty_counts(org: Org) -> dict:
    return {
        "org": org,
        "unions": 0,
        "enterprises": 0,
        "unionised": 0,
        "workers": 0,
        "women": 0,
        "members": 0,
        "women_members": 0,
    }


def _add(total: dict, child: dict | None, key: str, value: int) -> None:
    total[key] += value
    if child is not None:
        child[key] += value


# --- Transfers and audit ------------------------------------------------------------------------------


def transfer_list(*, user, node: Org, status: str = "") -> QuerySet[MembershipTransfer]:
    """Transfers where either side lies in the node's subtree (a union sees what it sends and receives)."""
    if not has_cap(user, Cap.MANAGE_TRANSFERS, node):
        return MembershipTransfer.objects.none()
    transfers = MembershipTransfer.objects.filter(
        Q(from_union__path__startswith=node.path) | Q(to_union__path__startswith=node.path)
    )
    if status:
        transfers = transfers.filter(status=status)
    return transfers.select_related("member", "from_union", "to_union", "requested_by").order_by(
        "-requested_at"
    )


def transfer_get(*, user, pk: int) -> MembershipTransfer:
    paths = reach_paths(user, Cap.MANAGE_TRANSFERS)
    transfer = (
        MembershipTransfer.objects.filter(pk=pk)
        .filter(paths_q(paths, "from_union__path") | paths_q(paths, "to_union__path"))
        .select_related("member", "from_union", "to_union")
        .first()
    )
    if transfer is None:
        raise NotFound()
    return transfer


def transfer_decider(user):
    """A predicate for templates: may this user accept/reject (other side) or cancel (own side)?"""

    def can(transfer: MembershipTransfer) -> dict:
        own = transfer.from_union if transfer.requested_by_side == "from" else transfer.to_union
        other = transfer.to_union if transfer.requested_by_side == "from" else transfer.from_union
        return {
            "decide": has_cap(user, Cap.MANAGE_TRANSFERS, other),
            "cancel": has_cap(user, Cap.MANAGE_TRANSFERS, own),
        }

    return can


def audit_list(*, user, node: Org, action: str = "") -> QuerySet[AuditEvent]:
    if not has_cap(user, Cap.VIEW_AUDIT, node):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(scope_path__startswith=node.path)
    if action:
        events = events.filter(action__startswith=action)
    return events.order_by("-at", "-id")


def role_assignment_list(*, user, node: Org) -> QuerySet[RoleAssignment]:
    """Roles granted anywhere in the node's subtree, for the people who grant them."""
    if not has_cap(user, Cap.MANAGE_ROLES, node):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(node__path__startswith=node.path)
        .select_related("user", "node")
        .order_by("node__path", "role", "user__username")
    )


def role_assignment_get(*, user, node: Org, pk: int) -> RoleAssignment:
    assignment = role_assignment_list(user=user, node=node).filter(pk=pk).first()
    if assignment is None:
        raise NotFound()
    return assignment


# Roles held by people from outside the union's own roster: the employer's side and the federations' cadres.
_OUTSIDE_ROLES = {Role.EMPLOYER_REP, Role.FEDERATION_CADRE}


def may_be_member(user) -> bool:
    """Whether the user may be on a roster (and so have a member record, ballots): not when all their roles are
    held from outside it, nor for the superuser. Read from the roles already fetched, no query: the menu asks."""
    if not user.is_authenticated or user.is_superuser:
        return False
    roles = {a.role for a in role_assignments(user)}
    return not roles or not roles <= _OUTSIDE_ROLES

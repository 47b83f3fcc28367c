"""Permission-matrix entries for organisations, members, imports, transfers, roles and the audit log (see
gonghui.core.tests.matrix)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.tests.matrix import (
    A_READERS,
    FORBIDDEN,
    FOUND,
    NOT_FOUND,
    OK,
    ROSTER_KEEPERS,
    _all,
    _api,
    _api_only,
    _only,
)
from gonghui.core.uscc import make_credit_code

from .. import services
from ..models import Enterprise, ImportBatch, ImportStatus, Member, MembershipTransfer, Org, RoleAssignment
from .factories import make_id_number, org_child

# url name → (method, kwargs builder taking (objects, side "a"/"b"), expected status per role for side "a")
MATRIX = {
    "home": ("GET", None, _all(OK)),
    "landing": ("GET", None, _all(FOUND)),
    "me": ("GET", None, _all(OK)),
    "switch_node": ("POST", None, _all(FOUND, chair_b=NOT_FOUND, cadre_b=NOT_FOUND)),
    "org_list": ("GET", None, _all(OK, member=NOT_FOUND)),
    "org_overview": (
        "GET",
        lambda o, s: {"pk": o[s]["union"].pk},
        _only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "org_create": ("GET", lambda o, s: {"parent_pk": o[s]["union"].pk}, _only(OK, "chair_a", "cadre_a")),
    "org_edit": ("GET", lambda o, s: {"pk": o[s]["union"].pk}, _only(OK, "chair_a", "cadre_a")),
    "enterprise_list": ("GET", None, _all(OK, member=NOT_FOUND)),
    "enterprise_create": ("GET", None, _only(OK, "chair_a", "cadre_a", "chair_b", "cadre_b")),
    "enterprise_edit": ("GET", lambda o, s: {"pk": o[s]["enterprise"].pk}, _only(OK, "chair_a", "cadre_a")),
    "member_list": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_create": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b", superuser=NOT_FOUND)),
    "member_export": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_template": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b")),
    "member_detail": ("GET", lambda o, s: {"pk": o[s]["member"].pk}, _only(OK, *A_READERS)),
    "member_edit": ("GET", lambda o, s: {"pk": o[s]["member"].pk}, _only(OK, *ROSTER_KEEPERS)),
    "member_reveal": (
        "POST",
        lambda o, s: {"pk": o[s]["member"].pk, "field": "id_number"},
        _only(OK, *ROSTER_KEEPERS),
    ),
    "transfer_create": ("GET", lambda o, s: {"member_pk": o[s]["member"].pk}, _only(OK, *A_READERS)),
    "transfer_list": ("GET", None, _all(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "transfer_decide": (
        "POST",
        lambda o, s: {"pk": o[s]["transfer"].pk, "decision": "cancel"},
        _only(FOUND, *A_READERS),
    ),
    "import_list": ("GET", None, _only(OK, "chair_a", "staff_a", "chair_b")),
    "import_detail": ("GET", lambda o, s: {"pk": o[s]["batch"].pk}, _only(OK, *ROSTER_KEEPERS)),
    "import_commit": ("POST", lambda o, s: {"pk": o[s]["batch"].pk}, _only(FOUND, *ROSTER_KEEPERS)),
    "role_list": ("GET", None, _only(OK, "chair_a", "cadre_a", "chair_b", "cadre_b")),
    "role_revoke": ("POST", lambda o, s: {"pk": o[s]["assignment"].pk}, _only(FOUND, "chair_a", "cadre_a")),
    "audit_list": ("GET", None, _only(OK, "chair_a", "auditor_a", "cadre_a", "chair_b", "cadre_b")),
}


def _new_enterprise(o, s):
    return {
        "name": "新登记企业",
        "credit_code": make_credit_code(990_001),
        "industry": "C",
        "ownership": "private",
        "worker_count": 10,
        "women_worker_count": 2,
        "area_id": o[s]["area"].pk,
    }


def _new_member(o, s):
    return {
        "union_id": o[s]["union"].pk,
        "name": "新会员",
        "id_number": make_id_number(date(1992, 3, 4), 401),
    }


def _roster_file(o, s):
    csv = f"姓名,身份证号\n赵新,{make_id_number(date(1993, 5, 6), 402)}\n".encode()
    return {
        "file": SimpleUploadedFile("roster.csv", csv, "text/csv"),
        "union_id": o[s]["union"].pk,
        "commit": "false",
    }


# Roles that can read an object but not change it get 403 (its existence is no secret to them); 404 otherwise.
# API operations: url name → (method, kwargs builder, body builder, expected per role for side "a").
API_MATRIX = {
    "me": ("GET", None, None, _api(OK)),
    "org_list": ("GET", None, None, _api(OK)),
    "org_detail": (
        "GET",
        lambda o, s: {"org_id": o[s]["union"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "org_overview": (
        "GET",
        lambda o, s: {"org_id": o[s]["union"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "enterprise_list": ("GET", None, None, _api(OK, member=NOT_FOUND)),
    "enterprise_create": (
        "POST",
        None,
        _new_enterprise,
        _api_only(201, "cadre_a"),
    ),
    "enterprise_detail": (
        "GET",
        lambda o, s: {"enterprise_id": o[s]["enterprise"].pk},
        None,
        _api_only(OK, "chair_a", "staff_a", "auditor_a", "cadre_a"),
    ),
    "enterprise_update": (
        "PATCH",
        lambda o, s: {"enterprise_id": o[s]["enterprise"].pk},
        lambda o, s: {"worker_count": 150},
        _api_only(OK, "chair_a", "cadre_a", staff_a=FORBIDDEN, auditor_a=FORBIDDEN),
    ),
    "member_list": ("GET", None, None, _api(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_create": ("POST", None, _new_member, _api_only(201, *ROSTER_KEEPERS, cadre_a=FORBIDDEN)),
    "member_export": ("GET", None, None, _api(OK, member=NOT_FOUND, auditor_a=NOT_FOUND)),
    "member_detail": ("GET", lambda o, s: {"member_id": o[s]["member"].pk}, None, _api_only(OK, *A_READERS)),
    "member_update": (
        "PATCH",
        lambda o, s: {"member_id": o[s]["member"].pk},
        lambda o, s: {"department": "新部门"},
        _api_only(OK, *ROSTER_KEEPERS, cadre_a=FORBIDDEN),
    ),
    "import_roster": ("MULTIPART", None, _roster_file, _api_only(OK, *ROSTER_KEEPERS, cadre_a=FORBIDDEN)),
}

# POST bodies where an empty one would not exercise the permission check.
POST_DATA = {"switch_node": lambda o, s: {"node": o[s]["union"].pk}}

BUSINESS_MODELS = [Org, Enterprise, Member, MembershipTransfer, RoleAssignment, ImportBatch]


def objects(tree, side, base):
    union, chair = base["union"], base["chair"]
    target = tree.union_a2 if side == "a" else org_child(tree.town_b, "乙纺织厂工会")
    batch = ImportBatch.objects.create(
        union=union,
        uploaded_by=chair,
        filename="x.xlsx",
        sha256="0" * 64,
        file="imports/x.xlsx",
        status=ImportStatus.INVALID,
    )
    return {
        "transfer": services.transfer_request(actor=chair, member=base["member"], to_union=target),
        "batch": batch,
        "assignment": RoleAssignment.objects.create(user=tree.nobody, node=union, role="union_staff"),
    }

"""Permission-matrix entries for the notices app (see gonghui.core.tests.matrix).

A notification is private to its recipient: the side's chair here. Nobody else, the superuser included, can
read or mark it (404)."""

from gonghui.core.tests.matrix import FOUND, NOT_FOUND, OK, _all, _api

from ..models import Notification

_OWNER_ONLY = {**_all(NOT_FOUND), "chair_a": FOUND}

MATRIX: dict = {
    "notification_list": ("GET", None, _all(OK)),
    "notification_read": ("POST", lambda o, s: {"pk": o[s]["notification"].pk}, _OWNER_ONLY),
    "notification_read_all": ("POST", None, _all(FOUND)),
}
API_MATRIX: dict = {
    "notification_list": ("GET", None, None, _api(OK)),
    "notification_read": (
        "POST",
        lambda o, s: {"notification_id": o[s]["notification"].pk},
        lambda o, s: {},
        {**_api(NOT_FOUND), "chair_a": OK},
    ),
    "notification_read_all": ("POST", None, lambda o, s: {}, _api(OK)),
}
POST_DATA: dict = {}
BUSINESS_MODELS: list = [Notification]


def objects(tree, side, base) -> dict:
    notification = Notification.objects.create(user=base["chair"], text="请审阅提案", url="/notifications/")
    return {"notification": notification}

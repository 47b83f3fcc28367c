"""Permission-matrix entries for committee meetings (see gonghui.core.tests.matrix): the list shows each user
the meetings in reach (none for a member); recording one needs RECORD_MEETING somewhere."""

from gonghui.core.tests.matrix import NOT_FOUND, OK, _all

from ..models import CommitteeMeeting

MATRIX: dict = {
    "meeting_list": ("GET", None, _all(OK)),
    "meeting_create": ("GET", None, {**_all(OK), "member": NOT_FOUND, "auditor_a": NOT_FOUND}),
}
API_MATRIX: dict = {}
BUSINESS_MODELS: list = [CommitteeMeeting]


def objects(tree, side, base) -> dict:
    return {}

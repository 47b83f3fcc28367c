"""What organisations put on the work desk: transfers the other side asked for, and one's own roster uploads."""

import pytest

from gonghui.core.registry import desk_for
from gonghui.orgs import services
from gonghui.orgs.models import ImportBatch, ImportStatus

pytestmark = pytest.mark.django_db


def _titles(user) -> list[str]:
    return [item.title for item in desk_for(user)]


def test_a_transfer_waits_on_the_receiving_side_not_on_the_sender(tree):
    services.transfer_request(
        actor=tree.chair_a, member=tree.members_a[1], to_union=tree.union_b, reason="调动"
    )
    assert "1 件会员接转待您确认" in _titles(tree.chair_b)
    assert not any("会员接转" in title for title in _titles(tree.chair_a))


def test_the_uploader_sees_an_import_to_confirm_and_one_that_failed(tree):
    for status, name in ((ImportStatus.VALIDATED, "一月.xlsx"), (ImportStatus.FAILED, "二月.xlsx")):
        ImportBatch.objects.create(
            union=tree.union_a, uploaded_by=tree.chair_a, filename=name, sha256=name, file=name, status=status
        )
    titles = _titles(tree.chair_a)
    assert "名册导入已校验，待您确认：一月.xlsx" in titles
    assert "名册导入失败：二月.xlsx" in titles
    assert not any("名册导入" in title for title in _titles(tree.staff_a))

import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gonghui.core.roles import Role
from gonghui.orgs.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Print the local address and the demo logins: username, role, organisation and the shared password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--address", default="http://127.0.0.1:8000/", help="where the site is served")

    def handle(self, *args, address, **options):
        users = get_user_model().objects.filter(username__in=[login.username for login in DEMO_LOGINS])
        found = {user.username: user for user in users.prefetch_related("role_assignments__node")}
        if not found:
            self.stdout.write(_("还没有演示账号：请在空数据库上运行 gonghui demo。"))
            return
        rows = [(_("用户名"), _("角色"), _("组织"))]
        for login in DEMO_LOGINS:
            user = found.get(login.username)
            if user is not None:
                rows.extend((user.username, *place) for place in _places(user))
        widths = [max(_width(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(_("地址：%(address)s") % {"address": address})
        self.stdout.write(_("演示账号（密码均为 %(password)s）：") % {"password": DEMO_PASSWORD})
        for row in rows:
            self.stdout.write(_line(row, widths))
        self.stdout.write(_("演示账号的密码是公开的：正式使用前请停用这些账号。"))


def _places(user) -> list[tuple[str, str]]:
    """(role, organisation) for each of the user's roles; the superuser holds none and reaches everything."""
    places = [(str(Role(a.role).label), a.node.name) for a in user.role_assignments.all()]
    if user.is_superuser:
        places.insert(0, (_("系统管理员"), _("全部组织")))
    return places or [("—", "—")]


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _line(row: tuple[str, ...], widths: list[int]) -> str:
    """The row in aligned columns; the last one is not padded, so lines carry no trailing spaces."""
    padded = [cell + " " * (width - _width(cell)) for cell, width in zip(row[:-1], widths, strict=False)]
    return "  " + "  ".join([*padded, row[-1]])

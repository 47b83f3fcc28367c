import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.orgs.demo import DEFAULT_SEED, build_demo
from gonghui.orgs.models import Org


class Command(BaseCommand):
    help = (
        "Build the demo area on an empty database: a town federation with ~60 enterprises, their unions, "
        "branches, teams and members, and one login per role (see `gonghui logins`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any organisation exists (for `make run`).",
        )
        parser.add_argument(
            "--members",
            type=int,
            default=None,
            help="Members to create. Default: as many as the demo town's enterprises employ (~6,600). "
            "More adds towns of ~100-member unions (1000000 builds the benchmark data set).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Same seed, same data.")

    def handle(self, *args, if_empty: bool, members: int | None, seed: int, **options):
        if if_empty and Org.objects.exists():
            self.stdout.write(_("数据库中已有组织数据，不再生成演示数据。"))
            return
        if members is not None and members < 0:
            raise CommandError(_("会员人数不能是负数。"))
        started = time.monotonic()
        try:
            built = build_demo(seed=seed, members=members)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        rate = 100 * built.unionised / built.enterprises
        self.stdout.write(
            _("已生成演示数据（种子 %(seed)s，用时 %(seconds).1f 秒）：")
            % {"seed": seed, "seconds": time.monotonic() - started}
        )
        self.stdout.write(
            _(
                "  组织：1 个区总工会，%(towns)s 个镇（街道）总工会，%(unions)s 个基层工会，"
                "%(branches)s 个分会/工会小组，%(teams)s 个班组"
            )
            % built.__dict__
        )
        self.stdout.write(
            _("  企业：%(enterprises)s 家，其中 %(unionised)s 家已建工会（建会率 %(rate).1f%%）")
            % {**built.__dict__, "rate": rate}
        )
        self.stdout.write(_("  会员：%(members)s 人") % built.__dict__)
        self.stdout.write(_("  演示账号：%(logins)s 个，运行 gonghui logins 查看") % built.__dict__)

"""The daily sweep of agreements: clocks that move an agreement by themselves (effect after the objection
period, the renewal window, expiry) and reminders to the people who must act. Run by the `agreements_daily`
command (cron) or the task worker; running it twice a day does nothing the second time, because the state
changes re-check the status under a lock and every reminder carries a notification key."""

from datetime import date, timedelta

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.roles import Role, roles_with
from gonghui.notices.services import notify
from gonghui.orgs.jurisdiction import org_rule
from gonghui.orgs.models import RoleAssignment

from . import services
from .models import Agreement, AgreementStatus, EmployerLink, Negotiator
from .roles import AgreementCap
from .selectors import day_text

# How long before a deadline the first reminder goes out: a product choice, not a legal number.
REMIND_BEFORE = timedelta(days=3)
# The yearly performance check is reported to the congress (浙江省集体合同条例第三十七条); the laws set no
# date, so the reminder starts in the year's last month, while a check can still be recorded for the year.
PERFORMANCE_CHECK_MONTH = 12


def managers(agreement: Agreement) -> list:
    """The union's people who run the agreement (chair, staff) on its own node."""
    rows = RoleAssignment.objects.filter(
        node=agreement.node, role__in=roles_with(AgreementCap.MANAGE_AGREEMENTS)
    )
    return list({row.user for row in rows.select_related("user")})


def employer_reps(agreement: Agreement) -> list:
    """Employer representatives linked to an enterprise the agreement covers, holding the role on its union
    or above."""
    prefixes = [agreement.node.path[:end] for end in range(4, len(agreement.node.path) + 1, 4)]
    with_role = RoleAssignment.objects.filter(role=Role.EMPLOYER_REP, node__path__in=prefixes).values("user")
    links = EmployerLink.objects.filter(
        enterprise__agreement_coverage__agreement=agreement, user__in=with_role
    ).select_related("user")
    return list({link.user for link in links})


def _tell(users, agreement: Agreement, text: str, key: str) -> int:
    url = reverse("agreement_detail", kwargs={"pk": agreement.pk})
    sent = 0
    for user in users:
        if user.is_active and notify(user=user, text=text, url=url, key=f"agreement:{agreement.pk}:{key}"):
            sent += 1
    return sent


def _due_soon(due: date | None, today: date) -> bool:
    return due is not None and today >= due - REMIND_BEFORE


def remind(*, today: date) -> int:
    """Reminders for every open clock; returns how many notifications were sent."""
    sent = 0
    s = AgreementStatus
    for agreement in Agreement.objects.filter(status=s.OFFERED).select_related("node"):
        due = agreement.offer_reply_due
        if due is None:
            continue
        params = {"title": agreement.title, "due": day_text(due)}
        sent += _tell(
            employer_reps(agreement),
            agreement,
            _("工会已就《%(title)s》发出协商要约，请于 %(due)s 前书面答复。") % params,
            f"offer:{due}",
        )
        if today > due:
            sent += _tell(
                managers(agreement),
                agreement,
                _("《%(title)s》的协商要约已过答复期限（%(due)s），对方尚未答复。") % params,
                f"offer_overdue:{due}",
            )
    for agreement in Agreement.objects.filter(status=s.SIGNED).select_related("node"):
        due = agreement.filing_due
        if _due_soon(due, today):
            key = "filing_overdue" if today > due else "filing"
            text = (
                _("《%(title)s》已超过报送审查期限（%(due)s），请尽快报送并登记。")
                if today > due
                else _("《%(title)s》须于 %(due)s 前报送劳动行政部门审查。")
            ) % {"title": agreement.title, "due": day_text(due)}
            sent += _tell(managers(agreement) + employer_reps(agreement), agreement, text, f"{key}:{due}")
    for agreement in Agreement.objects.filter(status=s.EFFECTIVE).select_related("node"):
        text = _("《%(title)s》已于 %(on)s 生效，请向全体职工公布并登记。") % {
            "title": agreement.title,
            "on": agreement.effective_on,
        }
        sent += _tell(managers(agreement), agreement, text, f"effective:{agreement.effective_on}")
    for agreement in Agreement.objects.filter(status=s.EXPIRING).select_related("node"):
        text = _("《%(title)s》将于 %(end)s 期满，已进入续订期，请及时协商续订。") % {
            "title": agreement.title,
            "end": agreement.ends_on,
        }
        sent += _tell(
            managers(agreement) + employer_reps(agreement), agreement, text, f"renewal:{agreement.ends_on}"
        )
    sent += _remind_performance_checks(today)
    open_vacancies = Negotiator.objects.filter(
        Q(agreement__status=s.OFFERED) | Q(agreement__status=s.NEGOTIATING),
        left_on__isnull=False,
        replaced_by__isnull=True,
        fill_due__isnull=False,
    ).select_related("agreement__node")
    for negotiator in open_vacancies:
        if _due_soon(negotiator.fill_due, today):
            text = _("《%(title)s》协商代表 %(name)s 已离任，须于 %(due)s 前补充。") % {
                "title": negotiator.agreement.title,
                "name": negotiator.name,
                "due": day_text(negotiator.fill_due),
            }
            sent += _tell(
                managers(negotiator.agreement), negotiator.agreement, text, f"vacancy:{negotiator.pk}"
            )
    return sent


def _remind_performance_checks(today: date) -> int:
    """In December, agreements in force since the first half of the year without this year's check."""
    if today.month < PERFORMANCE_CHECK_MONTH:
        return 0
    unchecked = (
        Agreement.objects.filter(
            status__in=(AgreementStatus.IN_FORCE, AgreementStatus.EXPIRING),
            starts_on__lt=date(today.year, 7, 1),
        )
        .exclude(checks__year=today.year)
        .select_related("node")
    )
    sent = 0
    for agreement in unchecked:
        text = _("《%(title)s》尚未登记%(year)s年度履约检查，请组织检查并向职代会报告。") % {
            "title": agreement.title,
            "year": today.year,
        }
        try:  # where a statute asks for the yearly report (浙江 第三十七条, 北京 第四十一条), say which
            rule = org_rule(agreement.node, "agreement.performance_report", today)
            text += _("（依据%(cite)s：每年至少报告一次）") % {"cite": rule.cite}
        except LookupError:
            pass
        sent += _tell(managers(agreement), agreement, text, f"performance:{today.year}")
    return sent


def run_daily(*, today: date | None = None) -> dict:
    """Everything the day brings, state changes first so the reminders see the new states."""
    today = today or timezone.localdate()
    effective = services.effective_sweep(today=today)
    expiring, ended = services.expiry_sweep(today=today)
    sent = remind(today=today)
    return {"effective": len(effective), "expiring": len(expiring), "ended": len(ended), "reminders": sent}


@task()
def agreements_daily() -> dict:
    return run_daily()

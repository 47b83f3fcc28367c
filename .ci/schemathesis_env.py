"""Identifiers from the demo database for the schemathesis run (.ci/run, schemathesis.toml), as shell exports.

    GONGHUI_VAR_DIR=… .venv/bin/python .ci/schemathesis_env.py

Each operation with an id in its path gets an object of the demo in the state the operation acts on (the
proposal awaiting the committee for accept and convert, the answered one for rate …), and the operations that
only one person may perform name that person (ST_USER_*), for whom .ci/run makes a token. Read only.
"""

import os
import shlex

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
django.setup()

from gonghui.activities.models import Activity  # noqa: E402
from gonghui.agreements.models import Agreement  # noqa: E402
from gonghui.congress.models import Evaluation, Representative, RepresentativeStatus  # noqa: E402
from gonghui.notices.models import Notification  # noqa: E402
from gonghui.orgs.models import Enterprise, Member  # noqa: E402
from gonghui.plans.models import PlanItem, PlanStatus  # noqa: E402
from gonghui.portal.models import ApplicationStatus, JoinApplication  # noqa: E402
from gonghui.proposals.models import Proposal, ProposalStatus  # noqa: E402
from gonghui.voting.models import Ballot, Elector, Poll, PollStatus, VoterMark  # noqa: E402

CHAIR = "zhuxi"  # the showcase union's chair (orgs.demo): notifications are read by their own user only


def main() -> None:
    chair_union = Member.objects.get(user__username=CHAIR).union
    submitted = Proposal.objects.get(status=ProposalStatus.SUBMITTED)
    assigned = Proposal.objects.filter(status=ProposalStatus.ASSIGNED).select_related("handler").first()
    answered = (
        Proposal.objects.filter(status=ProposalStatus.ANSWERED).select_related("proposer__member").first()
    )
    cosigner = (
        Representative.objects.filter(term=submitted.session.term, status=RepresentativeStatus.ACTIVE)
        .exclude(pk=submitted.proposer_id)
        .exclude(member__user=None)
        .select_related("member__user")
        .first()
    )
    enterprise = Enterprise.objects.filter(union=chair_union).first()
    open_poll = Poll.objects.filter(status=PollStatus.OPEN).first()
    voted = VoterMark.objects.filter(poll=open_poll).values("member")
    voter = (
        Elector.objects.filter(poll=open_poll, member__user__isnull=False)
        .exclude(member__in=voted)
        .select_related("member__user")
        .first()
    )
    # A draft plan's item (the town's item sent down started drafts for the unions that had no plan), so that
    # adding and linking items reach the service instead of the "adopted plans change by version" refusal.
    plan_item = PlanItem.objects.filter(plan__status=PlanStatus.DRAFT).order_by("pk").first()
    values = {
        "ST_ORG": chair_union.pk,
        "ST_AREA": enterprise.area_id,  # the federation area the showcase enterprise is registered in
        "ST_ENTERPRISE": enterprise.pk,
        "ST_MEMBER": Member.objects.filter(union=chair_union).values_list("pk", flat=True).first(),
        "ST_POLL_OPEN": open_poll.pk,
        "ST_POLL_COUNTED": Ballot.objects.exclude(poll=open_poll).values_list("poll", flat=True).first(),
        "ST_TERM": submitted.session.term_id,
        "ST_SESSION": submitted.session_id,
        "ST_EVALUATION": Evaluation.objects.exclude(poll=None).values_list("pk", flat=True).first(),
        "ST_PROPOSAL_SUBMITTED": submitted.pk,
        "ST_PROPOSAL_ACCEPTED": Proposal.objects.filter(status=ProposalStatus.ACCEPTED).first().pk,
        "ST_PROPOSAL_ASSIGNED": assigned.pk,
        "ST_PROPOSAL_ANSWERED": answered.pk,
        "ST_NOTIFICATION": Notification.objects.filter(user__username=CHAIR).first().pk,
        "ST_AGREEMENT": Agreement.objects.values_list("pk", flat=True).first(),
        "ST_PLAN": plan_item.plan_id if plan_item else None,
        "ST_PLAN_ITEM": plan_item.pk if plan_item else None,
        "ST_JOIN_APPLICATION": JoinApplication.objects.filter(
            union=chair_union, status=ApplicationStatus.PENDING
        )
        .values_list("pk", flat=True)
        .first(),
        # The showcase union's latest activity: its sign-up, cancel and check-in reach the service.
        "ST_ACTIVITY": Activity.objects.filter(node=chair_union)
        .order_by("-starts_at")
        .values_list("pk", flat=True)
        .first(),
        "ST_USER_CHAIR": CHAIR,
        "ST_USER_VOTER": voter.member.user.username,
        "ST_USER_COSIGNER": cosigner.member.user.username,
        "ST_USER_HANDLER": assigned.handler.username,
        "ST_USER_PROPOSER": answered.proposer.member.user.username,
    }
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise SystemExit(f"the demo has nothing for {', '.join(missing)}")
    for name, value in values.items():
        print(f"export {name}={shlex.quote(str(value))}")


if __name__ == "__main__":
    main()

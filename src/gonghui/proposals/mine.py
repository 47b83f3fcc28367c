"""My proposals, on a member's home (core.registry.member_section): the proposals they submitted as a
representative, newest first, with where each stands."""

from django.urls import reverse

from .models import Proposal, ProposalStatus

RECENT = 5


def my_proposals(user, member) -> list[dict]:
    mine = (
        Proposal.objects.filter(proposer__member=member).select_related("session").order_by("-submitted_at")
    )
    return [
        {
            "title": f"{p.code} {p.title}",
            "url": reverse("proposal_detail", args=[p.pk]),
            "detail": p.get_status_display(),
            "when": p.deadline if p.status == ProposalStatus.ASSIGNED else None,
            "urgent": p.status == ProposalStatus.ANSWERED,  # waiting for the proposer's rating
        }
        for p in mine[:RECENT]
    ]

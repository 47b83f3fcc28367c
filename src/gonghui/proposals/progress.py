"""The proposal figure a plan item can link to (core.registry.progress_provider): proposals answered."""

from gonghui.orgs.models import Org

from .models import Proposal, ProposalStatus


def proposals_answered(node: Org, year: int, params: dict) -> int:
    """Proposals of sessions held in the year, in the node's subtree, that have their answer (answered or
    closed after the proposer's rating)."""
    return Proposal.objects.filter(
        session__term__node__path__startswith=node.path,
        session__held_on__year=year,
        status__in=(ProposalStatus.ANSWERED, ProposalStatus.CLOSED),
    ).count()

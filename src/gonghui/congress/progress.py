"""The congress figures a plan item can link to (core.registry.progress_provider): sessions held and
democratic evaluations certified in a year, over a node's subtree."""

from gonghui.orgs.models import Org
from gonghui.voting.models import PollStatus

from .models import Evaluation, Session, SessionStatus


def sessions_held(node: Org, year: int, params: dict) -> int:
    """Sessions of the node's congresses (and those of every union below) closed in the year: held, not planned."""
    return Session.objects.filter(
        term__node__path__startswith=node.path, held_on__year=year, status=SessionStatus.CLOSED
    ).count()


def evaluations_certified(node: Org, year: int, params: dict) -> int:
    """Democratic evaluations (民主评议) whose result the tellers certified, at sessions held in the year."""
    return Evaluation.objects.filter(
        session__term__node__path__startswith=node.path,
        session__held_on__year=year,
        poll__status=PollStatus.CERTIFIED,
    ).count()

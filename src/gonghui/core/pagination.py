from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 50
# Counting a million rows exactly costs 55–80 ms on PostgreSQL (docs/benchmarks.md, member_list) for a number
# nobody pages through; beyond the cap the page says "more than" and asks for a narrower search.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """A page of the queryset; a bad or too large page number shows the last page instead of an error."""
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))

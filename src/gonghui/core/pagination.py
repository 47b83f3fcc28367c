from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """A page of the queryset; a bad or too large page number shows the last page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))

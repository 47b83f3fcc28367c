"""What the congress pages share: turning a selector's NotFound into a 404, the current node if the user holds
a capability there, the manager check, spreadsheet downloads and the plain form page."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.core.errors import NotFound
from gonghui.core.roles import Cap
from gonghui.core.spreadsheets import write_xlsx
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _get(fn, **kwargs):
    try:
        return fn(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _node(request, cap: str) -> Org:
    node = request.node
    if node is None or not has_cap(request.user, cap, node):
        raise Http404
    return node


def _can_manage(user, node: Org) -> bool:
    return has_cap(user, Cap.MANAGE_CONGRESS, node)


def _xlsx(filename: str, headers: list[str], rows) -> HttpResponse:
    response = HttpResponse(write_xlsx(headers, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_page(request, form, title: str, cancel_url: str):
    return render(request, "orgs/form.html", {"form": form, "title": title, "cancel_url": cancel_url})

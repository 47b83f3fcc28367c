"""What the congress pages share: the manager check and the plain form page."""

from django.shortcuts import render

from gonghui.orgs.models import Org
from gonghui.orgs.selectors import has_cap

from ..roles import CongressCap


def _can_manage(user, node: Org) -> bool:
    return has_cap(user, CongressCap.MANAGE_CONGRESS, node)


def _form_page(request, form, title: str, cancel_url: str):
    return render(request, "orgs/form.html", {"form": form, "title": title, "cancel_url": cancel_url})

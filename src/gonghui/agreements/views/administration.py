"""Administration: the kinds of agreement (administrators only) and the employer representatives linked to the
enterprises of the current union."""

from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.pagination import paginate
from gonghui.core.views import save_form
from gonghui.orgs.guards import node_for
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import enterprise_scope_q

from .. import selectors, services
from ..forms import EmployerLinkForm, KindForm
from ..models import EmployerLink
from ..roles import AgreementCap


@login_required
def kind_list(request):
    if not request.user.is_superuser:
        raise Http404
    form = KindForm(request.POST or None)
    create = partial(services.kind_create, actor=request.user)
    if save_form(request, form, create, lambda kind: _("已添加合同种类“%(name)s”。") % {"name": kind.name}):
        return redirect("agreement_kind_list")
    return render(request, "agreements/kind_list.html", {"kinds": selectors.kind_list(), "form": form})


@login_required
def employer_link_list(request):
    node = node_for(request, AgreementCap.MANAGE_AGREEMENTS)
    enterprises = Enterprise.objects.filter(enterprise_scope_q(node.path)).order_by("name")
    form = EmployerLinkForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip()).first()
        if user is None:
            form.add_error("username", _("没有这个用户名，请先为对方开通账号。"))
        else:
            try:
                services.employer_link_create(
                    actor=request.user, node=node, user=user, enterprise=form.cleaned_data["enterprise"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已设置行政方代表。"))
                return redirect("employer_link_list")
    links = EmployerLink.objects.filter(enterprise__in=enterprises).select_related("user", "enterprise")
    return render(
        request,
        "agreements/employer_link_list.html",
        {"page": paginate(request, links.order_by("enterprise__name", "pk")), "form": form},
    )

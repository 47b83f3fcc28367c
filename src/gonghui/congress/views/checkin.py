"""Check-in: the desk with who has arrived, the live quorum, checking in by hand, issuing the voting-code
sheet, the attendance export, and the page where a representative signs in with a code."""

from functools import partial

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.core.audit import client_ip
from gonghui.core.auth import BACKEND_PATH
from gonghui.core.errors import DomainError
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.views import attempt, download_name, get_or_404, xlsx_response

from .. import selectors, services
from ..forms import CodeForm
from ..models import CheckInMethod
from ..roles import CongressCap


@never_cache
@login_required
def checkin_desk(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    query = request.GET.get("q", "").strip()
    rows = selectors.attendance(session)
    if query:
        rows = [(r, c) for r, c in rows if query in r.member.name or query in r.constituency]
    return render(
        request,
        "congress/checkin_desk.html",
        {"session": session, "rows": rows, "q": query, "quorum": selectors.quorum(session)},
    )


@never_cache
@login_required
def session_quorum(request, pk: int):
    """实到 / 应到, polled by the check-in desk and the session page (htmx)."""
    session = get_or_404(selectors.session_get, user=request.user, pk=pk)
    return render(request, "congress/quorum.html", {"session": session, "quorum": selectors.quorum(session)})


@login_required
@require_POST
def checkin_manual(request, pk: int, representative_pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    representative = (
        session.term.representatives.filter(pk=representative_pk).select_related("member").first()
    )
    if representative is None:
        raise Http404
    check_in = partial(
        services.checkin_manual, actor=request.user, session=session, representative=representative
    )
    attempt(request, check_in, _("%(name)s 已签到。") % {"name": representative.member.name})
    return redirect("congress_checkin_desk", pk=session.pk)


@login_required
def codes_issue(request, pk: int):
    """GET: what issuing does. POST: issue and show the print sheet; the codes are never shown again."""
    session = get_or_404(selectors.session_get, user=request.user, pk=pk, cap=CongressCap.MANAGE_CONGRESS)
    if request.method != "POST":
        return render(
            request,
            "congress/codes_issue.html",
            {"session": session, "live": session.voting_codes.filter(revoked=False).count()},
        )
    wanted = request.POST.get("representative", "")
    chosen = None
    if wanted.isdigit():
        chosen = list(session.term.representatives.filter(pk=int(wanted)))
    try:
        issued = services.voting_codes_issue(actor=request.user, session=session, representatives=chosen)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("congress_codes_issue", pk=session.pk)
    cards = []
    for item in issued:
        url = request.build_absolute_uri(reverse("checkin_code", args=[item.code]))
        cards.append({"issued": item, "qr": segno.make(url, error="m").svg_data_uri(scale=4), "url": url})
    response = render(request, "congress/code_sheet.html", {"session": session, "cards": cards})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attendance_export(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk)
    rows = [
        [
            r.constituency,
            r.member.name,
            _("已签到") if c else _("未签到"),
            c.get_method_display() if c else "",
            c.checked_in_at if c else None,
        ]
        for r, c in selectors.attendance(session)
    ]
    headers = [_("代表团/选区"), _("姓名"), _("签到"), _("方式"), _("签到时间")]
    return xlsx_response(
        write_xlsx(headers, rows),
        download_name(
            session.term.node.name, session.title, _("签到表"), day=session.held_on, suffix=".xlsx"
        ),
    )


@never_cache
def checkin_code(request, code: str = ""):
    """Sign in with a voting code. GET shows the form (or, from the QR link, a confirm button) and changes
    nothing; POST checks the code, checks the representative in and logs them in."""
    form = CodeForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            signed_in = services.checkin_by_code(
                code=form.cleaned_data["code"],
                address=client_ip.get() or request.META.get("REMOTE_ADDR", ""),
                method=CheckInMethod.QR if request.POST.get("via") == "qr" else CheckInMethod.CODE,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, signed_in.user, backend=BACKEND_PATH)
            messages.success(
                request,
                _("%(name)s，您已签到%(session)s。")
                % {"name": signed_in.representative.member.name, "session": signed_in.session.title},
            )
            return redirect("my_polls")
    return render(request, "congress/checkin_code.html", {"form": form, "from_link": bool(code)})

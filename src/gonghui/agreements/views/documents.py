"""Word files for the two parties: the agreement's text and the filing form for the labour administration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from gonghui.core.views import docx_response, download_name

from .. import docx, selectors
from ._common import _agreement


def _party(request, pk: int):
    """The agreement, for its two parties: the union's people who run it and the employer's representative.
    Federation readers see the text on the pages; the Word files are the parties' working copies."""
    agreement = _agreement(request, pk)
    if not (
        selectors.can_manage(request.user, agreement) or selectors.acts_for_employer(request.user, agreement)
    ):
        raise Http404
    return agreement


@login_required
def agreement_docx(request, pk: int):
    agreement = _party(request, pk)
    if not agreement.drafts.exists():
        messages.error(request, _("合同还没有草案，起草后才能生成合同文本。"))
        return redirect("agreement_detail", pk=agreement.pk)
    return docx_response(
        docx.agreement_docx(agreement), download_name(agreement.node.name, agreement.title, suffix=".docx")
    )


@login_required
def filing_form_docx(request, pk: int):
    agreement = _party(request, pk)
    if agreement.signed_on is None:
        messages.error(request, _("合同签字后才能生成审查（备案）登记表。"))
        return redirect("agreement_detail", pk=agreement.pk)
    return docx_response(
        docx.filing_form_docx(agreement),
        download_name(agreement.node.name, agreement.title, _("审查登记表"), suffix=".docx"),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm

from . import selectors
from .models import Category


class CosignerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rep):
        return f"{rep.member.name}（{rep.constituency}）"


class ProposalForm(StyledForm, forms.Form):
    """Submitting a proposal; phone-friendly (one column, co-signers as a tick list)."""

    title = forms.CharField(label=_("案由"), max_length=200, help_text=_("一句话说明提什么事"))
    category = forms.ChoiceField(label=_("类别"), choices=[("", "—")] + Category.choices)
    body = forms.CharField(label=_("理由和建议"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    cosigners = CosignerField(
        label=_("附议代表"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, session, proposer, minimum: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cosigners"]
        field.queryset = selectors.cosigner_choices(session, exclude=proposer)
        field.widget.attrs["class"] = "form-check-input"
        field.help_text = _("至少 %(n)s 名本届其他代表附议") % {"n": minimum}

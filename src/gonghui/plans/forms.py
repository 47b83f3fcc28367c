"""Forms of the plan pages: they carry the input, the services check it and say what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm

from .models import OwnerKind, Repeat


class PlanForm(StyledForm, forms.Form):
    node = forms.ModelChoiceField(label=_("工会"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200)
    source = forms.ChoiceField(label=_("起草方式"), required=False)

    def __init__(self, *args, nodes, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["source"].choices = sources


class ItemForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("内容"), max_length=500, required=False)
    owner_kind = forms.ChoiceField(
        label=_("责任主体"), choices=[("", "—"), *OwnerKind.choices], required=False
    )
    owner_name = forms.CharField(label=_("责任人/部门"), max_length=100, required=False)
    provider = forms.ChoiceField(label=_("进度来源"), required=False)
    choice = forms.ChoiceField(label=_("对照目标"), required=False)

    def __init__(self, *args, providers, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [("", _("不关联（按重复事项或时间节点计）"))] + providers
        self.fields["choice"].choices = [("", "—")] + choices


class NewItemForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("内容"), max_length=500, required=False)
    owner_name = forms.CharField(label=_("责任人/部门"), max_length=100, required=False)
    repeat = forms.ChoiceField(label=_("重复"), choices=Repeat.choices, required=False)
    deadline = forms.DateField(label=_("完成期限"), required=False)
    quantity = forms.DecimalField(label=_("目标数量"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("单位"), max_length=10, required=False)


class ImportForm(StyledForm, forms.Form):
    """Step one of importing a plan: where it goes, and the file or the pasted text (docs/domain.md, plans)."""

    node = forms.ModelChoiceField(label=_("工会"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("计划文件（.docx 或 .txt）"), required=False)
    text = forms.CharField(
        label=_("或粘贴计划全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=200_000,
    )

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["file"].widget.attrs["accept"] = ".docx,.txt"

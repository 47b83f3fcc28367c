from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.orgs.models import Org

from .models import JoinApplication, WorkKind
from .selectors import join_unions


class JoinForm(forms.Form):
    """The application as a worker fills it on the phone; the service checks every field again."""

    work_kind = forms.ChoiceField(label=_("就业形态"), choices=WorkKind.choices, widget=forms.RadioSelect)
    union = forms.ModelChoiceField(
        label=_("申请加入的工会"),
        queryset=Org.objects.none(),
        help_text=_("新就业形态劳动者请选择工作所在地的区域（行业）联合工会。"),
    )
    name = forms.CharField(label=_("姓名"), max_length=JoinApplication._meta.get_field("name").max_length)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    phone = forms.CharField(
        label=_("手机号"),
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "type": "tel"}),
    )
    employer = forms.CharField(
        label=_("工作单位或平台"),
        max_length=JoinApplication._meta.get_field("employer").max_length,
        help_text=_("如：某某快递站点、某某外卖平台"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = join_unions()


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("不批准的理由"),
        max_length=JoinApplication._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, StyledForm

from . import selectors
from .models import AgreementKind, ContentArea, Decision, Fulfilment, Indicator, Level, Side


def _today():
    return timezone.localdate()


class AgreementCreateForm(StyledForm, forms.Form):
    kind = forms.ModelChoiceField(label=_("种类"), queryset=AgreementKind.objects.all())
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices, initial=Level.ENTERPRISE)
    title = forms.CharField(label=_("合同名称"), max_length=200)
    enterprises = forms.ModelMultipleChoiceField(
        label=_("覆盖企业"),
        queryset=None,
        help_text=_("企业集体合同选一家；区域性、行业性合同选所覆盖的全部企业"),
    )
    employer_name = forms.CharField(
        label=_("行政方/企业方名称"),
        max_length=200,
        required=False,
        help_text=_("区域性、行业性合同填写企业方代表组织"),
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = enterprises


class AgreementEditForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("合同名称"), max_length=200)
    employer_name = forms.CharField(label=_("行政方/企业方名称"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("期限起始"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("期限终止"), required=False, widget=DateInput())
    wage_increase_pct = forms.DecimalField(
        label=_("工资增长幅度（%）"), required=False, max_digits=5, decimal_places=2
    )
    minimum_wage = forms.DecimalField(
        label=_("企业最低工资（元/月）"), required=False, max_digits=9, decimal_places=2
    )


class DateNoteForm(StyledForm, forms.Form):
    on = forms.DateField(label=_("日期"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class DecisionForm(DateNoteForm):
    decision = forms.ChoiceField(
        label=_("决定"), choices=[(Decision.APPROVE, _("同意")), (Decision.REJECT, _("不同意"))]
    )


class NoFieldsForm(StyledForm, forms.Form):
    pass


class SignForm(StyledForm, forms.Form):
    """The notice's receipt is asked only where the filing period runs from it (上海 第二十三条)."""

    signed_on = forms.DateField(label=_("签字日期"), initial=_today, widget=DateInput())
    starts_on = forms.DateField(label=_("期限起始"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("期限终止"), required=False, widget=DateInput())
    notice_received_on = forms.DateField(
        label=_("企业收到书面告知日期"),
        help_text=_("职工方首席代表书面告知审议通过情况；报送审查期限自企业收到之日起计算"),
        widget=DateInput(),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectors.filing_from_notice(agreement, timezone.localdate()):
            del self.fields["notice_received_on"]


class FileForm(StyledForm, forms.Form):
    """The administration's receipt is asked where the objection period runs from it (劳动合同法 第五十四条),
    not in Beijing, where it runs from the filing (北京 第三十九条)."""

    filed_on = forms.DateField(label=_("报送日期"), initial=_today, widget=DateInput())
    received_on = forms.DateField(
        label=_("审查机关收到文本日期"),
        initial=_today,
        help_text=_("当面报送的即报送日期；邮寄的以回执所载收到日期为准。审查异议期自该日起计算"),
        widget=DateInput(),
    )
    authority = forms.CharField(label=_("审查机关"), required=False, max_length=100)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectors.review_from_receipt(agreement, timezone.localdate()):
            del self.fields["received_on"]


class NegotiatorForm(StyledForm, forms.Form):
    side = forms.ChoiceField(label=_("所在方"), choices=Side.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    is_chief = forms.BooleanField(label=_("首席代表"), required=False)
    is_outside_expert = forms.BooleanField(label=_("本单位以外专业人员"), required=False)
    on = forms.DateField(label=_("确定日期"), initial=_today, widget=DateInput())
    replaces = forms.ModelChoiceField(label=_("替补离任代表"), queryset=None, required=False)

    def __init__(self, *args, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = vacancies


class MeetingForm(StyledForm, forms.Form):
    held_on = forms.DateField(label=_("日期"), initial=_today, widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    note_taker = forms.CharField(label=_("记录员"), max_length=50, help_text=_("由非协商代表担任"))
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 6}))


class DraftForm(StyledForm, forms.Form):
    note = forms.CharField(label=_("修改说明"), max_length=200, required=False)
    took_up = forms.ModelMultipleChoiceField(
        label=_("本稿采纳的协商议题"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, points, initial_clauses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["took_up"].queryset = points
        self.fields["took_up"].widget.attrs["class"] = "form-check-input"
        for area, label in ContentArea.choices:
            self.fields[f"clause_{area}"] = forms.CharField(
                label=label,
                required=False,
                initial=(initial_clauses or {}).get(area, ""),
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                help_text=_("每条一段；留空表示本稿没有这一章"),
            )

    def clauses(self) -> dict[str, str]:
        return {area: self.cleaned_data.get(f"clause_{area}", "") for area in ContentArea.values}

    def clause_fields(self):
        return [self[f"clause_{area}"] for area in ContentArea.values]


class CommentForm(StyledForm, forms.Form):
    text = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PointForm(StyledForm, forms.Form):
    area = forms.ChoiceField(label=_("涉及内容"), choices=ContentArea.choices)
    text = forms.CharField(label=_("议题"), max_length=300)
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CheckForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=lambda: _today().year)
    checked_on = forms.DateField(label=_("检查日期"), initial=_today, widget=DateInput())
    result = forms.ChoiceField(label=_("履约情况"), choices=Fulfilment.choices)
    findings = forms.CharField(label=_("检查情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class KindForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=50)
    code = forms.SlugField(label=_("代码"), max_length=30, help_text=_("英文字母、数字、连字符"))
    is_special = forms.BooleanField(label=_("专项集体合同"), required=False, initial=True)


class EmployerLinkForm(StyledForm, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    enterprise = forms.ModelChoiceField(label=_("企业"), queryset=None)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class TargetForm(StyledForm, forms.Form):
    """A target of the federation's plan. The figure is checked by the service (0–100, one per year, kind and
    rate), so its message is the same here and in the API."""

    year = forms.IntegerField(label=_("年度"))
    kind = forms.ModelChoiceField(label=_("种类"), queryset=AgreementKind.objects.all())
    indicator = forms.ChoiceField(label=_("指标"), choices=Indicator.choices)
    percent = forms.CharField(label=_("目标值（%）"), max_length=10, help_text=_("0 到 100，例如 95"))

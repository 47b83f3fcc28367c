from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, StyledForm
from gonghui.orgs.models import Member, MemberStatus

from .models import AgendaKind, CommitteeKind, Representative, RepresentativeStatus, TermKind


class TermForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=TermKind.choices)
    number = forms.IntegerField(label=_("届次（第几届）"), min_value=1, max_value=99)
    starts_on = forms.DateField(label=_("任期开始"), widget=DateInput())
    ends_on = forms.DateField(label=_("任期结束"), widget=DateInput())
    worker_count = forms.IntegerField(
        label=_("职工总数"), min_value=1, help_text=_("选举时的职工人数，用于核算代表名额")
    )
    women_worker_count = forms.IntegerField(label=_("其中女职工"), min_value=0, initial=0)
    manager_count = forms.IntegerField(label=_("其中中层以上管理人员"), min_value=0, initial=0)
    seats_planned = forms.IntegerField(label=_("代表名额"), min_value=1)


class RepresentativeForm(StyledForm, forms.Form):
    member = forms.ModelChoiceField(label=_("会员"), queryset=Member.objects.none())
    constituency = forms.CharField(label=_("代表团/选区"), max_length=100)
    elected_on = forms.DateField(label=_("当选日期"), widget=DateInput())
    is_manager = forms.BooleanField(label=_("中层以上管理人员"), required=False)
    is_frontline = forms.BooleanField(label=_("一线职工"), required=False)
    is_teacher = forms.BooleanField(label=_("教师"), required=False)

    def __init__(self, *args, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.filter(union=term.node, status=MemberStatus.ACTIVE)
            .exclude(pk__in=term.representatives.values("member"))
            .order_by("initials", "pk")
        )


class RepresentativeImportForm(StyledForm, forms.Form):
    file = forms.FileField(
        label=_("代表名单文件"),
        help_text=_(".xlsx 或 .csv；第一行表头：身份证号、代表团/选区，可选 中层以上、一线、教师（填“是”）"),
    )


class SessionForm(StyledForm, forms.Form):
    number = forms.IntegerField(label=_("会次（第几次会议）"), min_value=1, max_value=99)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    held_on = forms.DateField(label=_("召开日期"), widget=DateInput())


class AgendaForm(StyledForm, forms.Form):
    title = forms.CharField(
        label=_("议题"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("议题"), "aria-label": _("议题")}),
    )
    kind = forms.ChoiceField(
        label=_("类型"), choices=AgendaKind.choices, widget=forms.Select(attrs={"aria-label": _("类型")})
    )


class CommitteeForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=CommitteeKind.choices)
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CommitteeMemberForm(StyledForm, forms.Form):
    member = forms.ModelChoiceField(label=_("会员"), queryset=Member.objects.none())
    post = forms.CharField(label=_("职务"), max_length=50, initial="委员")

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(
            union=committee.term.node, status=MemberStatus.ACTIVE
        ).order_by("initials", "pk")


class CommitteeRecordForm(StyledForm, forms.Form):
    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    title = forms.CharField(label=_("事项"), max_length=200)
    content = forms.CharField(label=_("记录"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class EvaluationForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("评议名称"), max_length=200, initial=_("民主评议领导干部"))
    cadres = forms.CharField(
        label=_("被评议人"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一人：姓名和职务，用空格或逗号隔开，如“王建国 工会主席”"),
    )
    tellers = forms.ModelMultipleChoiceField(
        label=_("计票人/监票人"),
        queryset=Representative.objects.none(),
        help_text=_("从在任代表中选两名，结束评议后由他们核对确认结果"),
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tellers"].queryset = (
            session.term.representatives.filter(status=RepresentativeStatus.ACTIVE)
            .select_related("member")
            .order_by("constituency", "member__name_key")
        )
        self.fields["tellers"].label_from_instance = lambda r: f"{r.member.name}（{r.constituency}）"

    def clean_cadres(self):
        cadres = []
        for number, line in enumerate(self.cleaned_data["cadres"].splitlines(), start=1):
            parts = line.replace("，", " ").replace(",", " ").split(maxsplit=1)
            if not parts:
                continue
            if len(parts) < 2:
                raise forms.ValidationError(
                    _("第 %(n)s 行“%(line)s”缺少职务。"), params={"n": number, "line": line.strip()[:40]}
                )
            cadres.append({"name": parts[0], "post": parts[1].strip()})
        if not cadres:
            raise forms.ValidationError(_("请至少填写一名被评议人。"))
        return cadres


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("签到码"),
        max_length=64,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "autocomplete": "off",
                "autocapitalize": "characters",
            }
        ),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm
from gonghui.orgs.models import Org

from .models import ActivityKind, Audience


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _when(label, required=True):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeInput())


class ActivityForm(StyledForm, forms.Form):
    """An activity of the current node; one column on a phone."""

    kind = forms.ModelChoiceField(label=_("类别"), queryset=ActivityKind.objects.all())
    title = forms.CharField(label=_("活动名称"), max_length=100)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    starts_at = _when(_("开始时间"))
    ends_at = _when(_("结束时间"))
    organisers = forms.CharField(label=_("主办"), max_length=200, required=False)
    co_organisers = forms.CharField(label=_("协办"), max_length=200, required=False)
    audience = forms.ChoiceField(
        label=_("参加对象"),
        choices=[("", _("按类别默认"))] + Audience.choices,
        required=False,
    )
    audience_unit = forms.ModelChoiceField(label=_("指定分会"), queryset=Org.objects.none(), required=False)
    audience_department = forms.CharField(label=_("指定部门"), max_length=100, required=False)
    capacity = forms.IntegerField(label=_("名额"), required=False, help_text=_("不限名额请留空"))
    signup_opens = _when(_("报名开始"), required=False)
    signup_closes = _when(_("报名截止"), required=False)
    hours = forms.DecimalField(label=_("培训学时"), required=False, max_digits=5, decimal_places=1)
    cost = forms.DecimalField(label=_("费用（元）"), required=False, max_digits=12, decimal_places=2)
    area_wide = forms.BooleanField(label=_("全域活动（由下属工会报名本单位人员）"), required=False)

    def __init__(self, *args, node: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_unit"].queryset = Org.objects.filter(
            path__startswith=node.path, depth__gt=node.depth
        ).order_by("path")


class EnrolForm(StyledForm, forms.Form):
    """Staff enrol people: everyone of a unit, a pasted list of ID numbers, or a sheet of them."""

    unit = forms.ModelChoiceField(label=_("整个分会/工会"), queryset=Org.objects.none(), required=False)
    ids = forms.CharField(
        label=_("身份证号（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    sheet = forms.FileField(label=_("或上传表格（含“身份证号”列）"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        query = Org.objects.none()
        for unit in units:
            query |= Org.objects.filter(path__startswith=unit.path)
        self.fields["unit"].queryset = query.order_by("path")

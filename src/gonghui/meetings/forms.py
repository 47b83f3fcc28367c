from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, StyledForm


class MeetingForm(StyledForm, forms.Form):
    node = forms.ModelChoiceField(label=_("工会"), queryset=None, empty_label=None)
    held_on = forms.DateField(label=_("会议日期"), widget=DateInput())
    title = forms.CharField(label=_("会议名称"), max_length=200, required=False)
    members_total = forms.IntegerField(label=_("应到委员人数"), min_value=0, max_value=1000)
    members_present = forms.IntegerField(label=_("实到委员人数"), min_value=0, max_value=1000)
    decisions = forms.CharField(
        label=_("会议决定事项"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import DateInput, StyledForm
from gonghui.core.roles import Role

from .models import Enterprise, Member, Org, OrgCategory, OrgKind
from .services import ENTERPRISE_FIELDS, MEMBER_FIELDS


class MemberForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {"birth_date": DateInput(), "joined_on": DateInput()}
        help_texts = {"birth_date": _("可不填，按身份证号自动识别"), "sex": _("可不填，按身份证号自动识别")}

    def __init__(self, *args, union: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sex"].required = False
        self.fields["birth_date"].required = False
        self.fields["enterprise"].queryset = Enterprise.objects.filter(union=union)
        self.fields["unit"].queryset = Org.objects.filter(path__startswith=union.path).exclude(pk=union.pk)
        # Status changes by transfer (转出) go through the transfer workflow, not this form.
        self.fields["status"].choices = [c for c in self.fields["status"].choices if c[0] != "transferred"]

    def validate_unique(self):
        """Uniqueness is the service's job: it tells a duplicate from a transfer case."""

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not (len(phone) == 11 and phone.isdigit() and phone.startswith("1")):
            raise forms.ValidationError(_("手机号应为 1 开头的 11 位数字。"))
        return phone


class EnterpriseForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ENTERPRISE_FIELDS

    def __init__(self, *args, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = unions
        self.fields["union"].empty_label = _("（尚未建会）")

    def validate_unique(self):
        """The service reports a duplicate credit code with the name it is registered under."""


class OrgForm(StyledForm, forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("代码"), max_length=20, help_text=_("用于导入命令等，如 U0101"))
    kind = forms.ChoiceField(label=_("层级"), choices=OrgKind.choices)
    category = forms.ChoiceField(label=_("类别"), choices=OrgCategory.choices)
    founded_on = forms.DateField(label=_("成立日期"), required=False, widget=DateInput())
    worker_count = forms.IntegerField(label=_("职工人数"), min_value=0, initial=0)


class OrgEditForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Org
        fields = ["name", "code", "category", "jurisdiction", "founded_on", "worker_count"]
        widgets = {"founded_on": DateInput()}

    def validate_unique(self):
        """The service reports a code already in use."""


class RoleGrantForm(StyledForm, forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    node = forms.ModelChoiceField(label=_("组织"), queryset=Org.objects.none())
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes

    def clean_username(self):
        """The user the name belongs to."""
        user = get_user_model().objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError(_("没有这个用户名。"))
        return user


class TransferForm(StyledForm, forms.Form):
    to_union_code = forms.CharField(
        label=_("转入工会代码"), max_length=20, help_text=_("向对方工会索取其组织代码")
    )
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def clean_to_union_code(self) -> Org:
        """The grassroots union the code names: it may lie outside the user's reach (the receiving side)."""
        union = Org.objects.filter(
            code=self.cleaned_data["to_union_code"].strip(), kind=OrgKind.UNION
        ).first()
        if union is None:
            raise forms.ValidationError(_("没有这个代码的基层工会，请向对方核实。"))
        return union

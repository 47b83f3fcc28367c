"""Forms for the poll pages. They turn what a person types into the plain values the services take; the rules
themselves (seats, candidate surplus, electorate scope) are checked by the services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import StyledForm
from gonghui.core.peoplesheet import read_people
from gonghui.core.spreadsheets import SpreadsheetError, read_rows

from .models import Policy, PollKind, QuestionForm

MAX_QUESTIONS = 50
MAX_OPTIONS = 200
MAX_ERRORS_SHOWN = 20


CONGRESS_CHOICE = _("到会三分之二以上，全体应到人数的法定多数同意（依所在地法规）")


class PollForm(StyledForm, forms.Form):
    title = forms.CharField(label=_("表决名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=PollKind.choices, initial=PollKind.OTHER)
    # The CONGRESS threshold is the statute's of the union's jurisdiction (半数以上 or 过半数): the poll page
    # words it from the rule applied; here it is named without a bound.
    policy = forms.ChoiceField(
        label=_("通过规则"),
        choices=[
            (value, CONGRESS_CHOICE if value == Policy.CONGRESS else label) for value, label in Policy.choices
        ],
        initial=Policy.CONGRESS,
    )
    secret = forms.BooleanField(label=_("无记名投票"), required=False, initial=True)
    min_share = forms.DecimalField(
        label=_("当选最低得票比例"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=4,
        help_text=_("仅“得票多者当选”使用，如 0.5 表示须过半数；不填按规则库默认"),
    )
    min_group_size = forms.IntegerField(
        label=_("最少公布人数"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("选票少于此数时不公布各选项票数，以免推知个人投票；不填按规则库默认"),
    )
    tellers_required = forms.IntegerField(
        label=_("须确认的计票人数"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("不填按规则库默认"),
    )

    def fields_for_service(self) -> dict:
        """The poll's settings; blank numbers are left out so the service applies the rule's default."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "kind", "policy", "secret")}
        for name in ("min_share", "min_group_size", "tellers_required"):
            if data[name] is not None:
                fields[name] = data[name]
        return fields


class QuestionRowForm(StyledForm, forms.Form):
    """One row of the question list. Rows share field names, so the page can add and remove rows freely."""

    text = forms.CharField(label=_("表决事项"), max_length=300)
    form = forms.ChoiceField(label=_("形式"), choices=QuestionForm.choices, initial=QuestionForm.YES_NO)
    options = forms.CharField(
        label=_("候选人或等次"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "每行一个。选举填候选人姓名；评议填等次（好的在前），不填用“优秀、称职、基本称职、不称职”"
        ),
    )
    seats = forms.IntegerField(label=_("应选名额"), min_value=1, max_value=MAX_OPTIONS, initial=1)

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in data.get("options", "").splitlines()]
        options = [line for line in lines if line]
        if len(options) > MAX_OPTIONS:
            raise forms.ValidationError(_("选项不能超过 %(n)s 个。") % {"n": MAX_OPTIONS})
        if len(set(options)) != len(options):
            raise forms.ValidationError(_("候选人或等次有重复，请删去重复的行。"))
        if data.get("form") == QuestionForm.CHOOSE and not options:
            self.add_error("options", _("请填写候选人，每行一个。"))
        data["options"] = options if data.get("form") != QuestionForm.YES_NO else []
        return data

    def as_question(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "form": data["form"],
            "options": data["options"],
            "seats": data["seats"],
        }


QUESTION_FIELDS = ("text", "form", "options", "seats")


def question_rows(data=None, questions=None) -> list[QuestionRowForm]:
    """Bound rows from a POST (lists of equal length, one entry per row) or unbound rows for `questions`."""
    if data is None:
        initial = [
            {
                "text": q.text,
                "form": q.form,
                "options": "" if q.form == QuestionForm.YES_NO else "\n".join(q.options),
                "seats": q.seats,
            }
            for q in questions or []
        ]
        return [QuestionRowForm(initial=row, prefix="q") for row in initial or [{}]]
    columns = {name: data.getlist(f"q-{name}") for name in QUESTION_FIELDS}
    count = len(columns["text"])
    return [
        QuestionRowForm({f"q-{n}": columns[n][i] if i < len(columns[n]) else "" for n in columns}, prefix="q")
        for i in range(count)
    ]


# --- Electorate -------------------------------------------------------------------------------------------


class ElectorateForm(StyledForm, forms.Form):
    SOURCES = [
        ("unit", _("某个组织的全部在会会员")),
        ("file", _("上传身份证号名单")),
    ]
    source = forms.ChoiceField(
        label=_("选举人来源"), choices=SOURCES, widget=forms.RadioSelect, initial="unit"
    )
    unit = forms.ModelChoiceField(
        label=_("组织"),
        queryset=None,
        required=False,
        help_text=_("本工会、分会或班组：取其中全部在会会员"),
    )
    file = forms.FileField(
        label=_("名单文件"),
        required=False,
        help_text=_(
            ".xlsx 或 .csv：第一列身份证号，第二列权数（可不填，默认 1；代表制大会填所代表的会员数）"
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["source"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("source") == "unit" and not data.get("unit"):
            self.add_error("unit", _("请选择组织。"))
        if data.get("source") == "file":
            upload = data.get("file")
            if upload is None:
                self.add_error("file", _("请选择名单文件。"))
            else:
                data["weights"] = self._read_weights(upload)
        return data

    def _read_weights(self, upload) -> dict[str, int]:
        """ID number → weight, from the first sheet. Every bad row is reported at once; nothing is half read."""
        try:
            rows = read_rows(upload.read(), upload.name, max_rows=100_000)
        except SpreadsheetError as exc:
            raise forms.ValidationError(exc.message) from exc
        sheet = read_people(rows, columns={"weight": ("权数",)}, header_required=False)
        weights = {}
        for person in sheet.people:
            weight = _weight(person.cells["weight"])
            if weight is None:
                sheet.add_problem(person.row, _("权数应为 1 以上的整数。"))
            else:
                weights[person.id_number] = weight
        if not weights and not sheet.problems:
            raise forms.ValidationError(_("文件中没有身份证号。"))
        if sheet.problems:
            raise forms.ValidationError(sheet.errors(limit=MAX_ERRORS_SHOWN))
        return weights


def _weight(cell) -> int | None:
    if cell is None or str(cell).strip() == "":
        return 1
    try:
        value = float(str(cell).strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() and 1 <= value <= 10_000_000 else None


def _tail(id_number: str) -> str:
    """Only the tail goes back to the page: the uploader has the file, the page need not echo full IDs."""
    return "*" * max(len(id_number) - 4, 0) + id_number[-4:]


def _limit(errors: list) -> list:
    if len(errors) <= MAX_ERRORS_SHOWN:
        return errors
    more = _("……另有 %(n)s 处错误。") % {"n": len(errors) - MAX_ERRORS_SHOWN}
    return [*errors[:MAX_ERRORS_SHOWN], more]


def unknown_ids_error(unknown: list[str]) -> list:
    return _limit(
        [
            _("身份证号 %(id)s 不是本组织范围内的在会会员。") % {"id": _tail(id_number)}
            for id_number in unknown
        ]
    )


# --- Tellers, closing, paper counts, receipts -----------------------------------------------------------------


class TellersForm(StyledForm, forms.Form):
    usernames = forms.CharField(
        label=_("计票人/监票人的用户名"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个，须已在平台上有账号"),
    )

    def clean_usernames(self) -> list:
        """The active users the lines name, in their order."""
        names = [line.strip() for line in self.cleaned_data["usernames"].splitlines() if line.strip()]
        if len(set(names)) != len(names):
            raise forms.ValidationError(_("用户名有重复，请删去重复的行。"))
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
        unknown = [name for name in names if name not in users]
        if unknown:
            raise forms.ValidationError(_("没有这些用户：%(names)s。") % {"names": "、".join(unknown)})
        return [users[name] for name in names]


class CloseForm(StyledForm, forms.Form):
    attendance = forms.IntegerField(
        label=_("实到人数"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text=_("大会表决填签到的实到人数；不填则以实际投票人数为准"),
    )
    shares = forms.CharField(
        label=_("计票人密钥份额"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        required=False,
        help_text=_("每行一份，由计票人各自输入开始投票时发给他们的份额"),
    )


class PaperIssueForm(StyledForm, forms.Form):
    elector = forms.ModelChoiceField(label=_("领取纸质选票的选举人"), queryset=None)

    def __init__(self, *args, electors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elector"].queryset = electors
        # The ID tail tells two people of the same name apart without showing the number.
        self.fields["elector"].label_from_instance = lambda e: f"{e.member.name}（{e.member.id_tail}）"


def paper_count_form(questions, data=None) -> forms.Form:
    """One number field per choice of every question, plus the number of ballots in the box."""
    form = forms.Form(data)
    form.fields["ballots"] = forms.IntegerField(label=_("本箱选票张数"), min_value=0, max_value=10_000_000)
    for question in questions:
        for choice, label in choices_of(question):
            form.fields[f"c-{question.position}-{choice}"] = forms.IntegerField(
                label=label, min_value=0, max_value=10_000_000, initial=0
            )
    for field in form.fields.values():
        field.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
    return form


def paper_counts(form, questions) -> dict:
    """{position: {choice: count}} from a valid paper_count_form."""
    return {
        question.position: {
            choice: form.cleaned_data[f"c-{question.position}-{choice}"]
            for choice, _label in choices_of(question)
        }
        for question in questions
    }


YES_NO_CHOICES = [("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权"))]


def choices_of(question) -> list[tuple[str, str]]:
    """(value, label) of what a ballot can mark on a question."""
    if question.form == QuestionForm.YES_NO:
        return [(value, str(label)) for value, label in YES_NO_CHOICES]
    return [(option, option) for option in question.options]


class ReceiptForm(StyledForm, forms.Form):
    code = forms.CharField(label=_("回执码"), max_length=100)

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import CALENDAR_DAYS, MONTHS, WORKING_DAYS, all_rules, rule_for


class StyledForm:
    """Adds Bootstrap classes to every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.Select, forms.SelectMultiple)):
                widget.attrs.setdefault("class", "form-select")
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TokenForm(forms.Form):
    # Carries the name only: the service checks it and says what a good one is.
    name = forms.CharField(required=False)


# --- Holiday calendar ---------------------------------------------------------------------------------

DAY_KINDS = {"休": False, "放假": False, "休息": False, "班": True, "上班": True, "补班": True}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_SEPARATORS = re.compile(r"[,，、\t]")
CALENDAR_FILE_MAX_BYTES = 100 * 1024
MAX_LINE_ERRORS = 10


def parse_calendar_lines(text: str) -> list[tuple[date, bool, str]]:
    """Lines like "2027-01-01 休 元旦" or "2027-02-07,班,春节调休" → (date, is_workday, name).

    Raises ValidationError naming every bad line (up to ten), so a pasted notice is fixed in one pass. A first
    line starting with 日期 is a spreadsheet header and is skipped; so are blank lines and # comments.
    """
    days, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or (number == 1 and line.startswith("日期")):
            continue
        fields = _SEPARATORS.sub(" ", line).split(maxsplit=2)
        match = _DATE.match(fields[0])
        problem = None
        if match is None:
            problem = _("日期无法识别，请写成 2027-01-01 这样的格式")
        elif len(fields) < 2 or fields[1] not in DAY_KINDS:
            problem = _("日期后应写“休”或“班”")
        else:
            try:
                day = date(*(int(part) for part in match.groups()))
            except ValueError:
                problem = _("没有这一天")
            else:
                days.append((day, DAY_KINDS[fields[1]], fields[2] if len(fields) > 2 else ""))
        if problem:
            errors.append(
                forms.ValidationError(
                    _("第 %(number)s 行“%(line)s”：%(problem)s。"),
                    params={"number": number, "line": line[:40], "problem": problem},
                )
            )
    if len(errors) > MAX_LINE_ERRORS:
        errors = errors[:MAX_LINE_ERRORS] + [
            forms.ValidationError(_("……另有 %(n)s 行有误。"), params={"n": len(errors) - MAX_LINE_ERRORS})
        ]
    if errors:
        raise forms.ValidationError(errors)
    return days


def _read_text_file(upload) -> str:
    if not upload.name.lower().endswith((".csv", ".txt")):
        raise forms.ValidationError(_("请上传 .csv 或 .txt 文件（每行一天）。"))
    if upload.size > CALENDAR_FILE_MAX_BYTES:
        raise forms.ValidationError(_("文件超过 100 KB，一年的放假安排不会这么长，请检查是否选错了文件。"))
    data = upload.read()
    # Excel on Chinese Windows saves CSV as GBK; everything else writes UTF-8 (often with a BOM).
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise forms.ValidationError(_("文件不是 UTF-8 或 GBK 编码的文本，请另存为 CSV（UTF-8）后再上传。"))


class CalendarYearForm(StyledForm, forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("来源"),
        max_length=100,
        initial=_("国务院办公厅关于部分节假日安排的通知"),
        help_text=_("写明通知的名称或文号，便于日后核对"),
    )
    lines = forms.CharField(
        label=_("放假和调休上班的日子"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一天：日期、休或班、名称，如“2027-02-07 班 春节调休”。周末放假的日子可不写。"),
    )
    file = forms.FileField(label=_("或上传文件"), required=False, help_text=_(".csv 或 .txt，每行格式同上"))

    def clean(self):
        data = super().clean()
        lines, upload = data.get("lines", "").strip(), data.get("file")
        if bool(lines) == bool(upload):
            raise forms.ValidationError(_("请粘贴放假安排或上传文件，二者选一。"))
        text = lines or _read_text_file(upload)
        data["days"] = parse_calendar_lines(text)
        return data


class DeadlineForm(StyledForm, forms.Form):
    """The deadline calculator: from a date, N (working) days or months, or the period a rule sets."""

    start = forms.DateField(label=_("起算日"), widget=DateInput())
    rule = forms.ChoiceField(label=_("按规则"), required=False)
    n = forms.IntegerField(label=_("期限"), required=False, min_value=0, max_value=3650)
    convention = forms.ChoiceField(
        label=_("计算方式"),
        required=False,
        choices=[(WORKING_DAYS, _("工作日")), (CALENDAR_DAYS, _("自然日")), (MONTHS, _("月"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("不按规则，自定天数"))] + [
            (f"{r.id}@{r.jurisdiction}", f"{r.title}（{r.jurisdiction_name}）")
            for r in all_rules()
            if r.is_period
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("rule")
        if not choice:
            data["rule"] = None
            if data.get("n") is None or not data.get("convention"):
                raise forms.ValidationError(_("请选择一条规则，或填写期限和计算方式。"))
        elif data.get("start"):
            rule_id, jurisdiction = choice.split("@")
            try:
                data["rule"] = rule_for(rule_id, jurisdiction, on=data["start"])
            except LookupError as exc:
                raise forms.ValidationError(_("该规则在起算日尚未生效或已经失效。")) from exc
        return data

"""Read an existing work plan (.docx or plain text) into an outline of numbered items (issue 15, "Import").

Pure Python, no models: `read_plan(path)` gives the text lines, `parse_plan(lines, year)` the outline, and
`run(path, year)` both. Each item of the outline is a plain dict, in document order::

    {"level": 1..4, "number": "（一）", "title": "...", "deadlines": ["2026-05-31", ...],
     "repeat": "" | "monthly" | "quarterly" | "biweekly" | "yearly" | "twice_monthly" | "biennial",
     "targets": [{"quantity": 53, "unit": "人次", "result": True}, ...]}

which is what `plans.services.create_plan_from_outline` takes.

How the text is read (docs/glossary.md has the terms):

- Items start with the numbering of Chinese official documents — 一、 （一） 1. / 1、 （1） ① — or with a bullet
  (• ● - …, or a Word list paragraph). Levels are given by order of appearance, as in an outline: the first style
  met is level 1, a new style under it is level 2, and a style seen before closes the levels below it. So a plan
  numbered 一、 then 1、 has 1、 at level 2, one numbered 一、（一）1.（1） has 1. at level 3. Deeper styles stay at
  level 4. Lines without a marker continue the item above (Word often breaks a sentence over two paragraphs);
  lines before the first item are the preamble and give no item.
- The title is the item's whole text, marker removed, whitespace collapsed: nothing the author wrote is lost.
- Deadline phrases become dates in the plan's year (the year is an argument, so templates that write 20__年 or
  20xx 年 still read). "5月前" is before May, 4-30; "5月底前" and "5月份" are 5-31; "5月中旬" 5-20; 年底 12-31;
  上半年 6-30; 第三季度 9-30; festivals are their day (三八 3-8, 五四 5-4, 世界阅读日 4-23, 教师节 9-10; 春节, 端午,
  中秋 and 重阳 from the lunar calendar, "春节前" the day before 春节); 暑假 ends 8-31. Repeating items
  (每月, 每季度, 两周一次, 每月两次, 每年, 两年一次) get a `repeat` and one deadline per occurrence in the year.
- Quantities with a unit (一次, 两场, 2 名, 53 人次, 1,400 多名, 90%) become targets. A target is what the plan
  sets; a result is what a summary reports. The clause decides when it says so (已, 了, 累计, 至今 → result;
  要, 将, 计划, 力争, 确保 → target), else the nearest clause before it in the sentence, else the tense of the
  whole section and document (a year-end summary is written in the past; a title naming a 总结 or a 计划 holds
  unless two of a section's sentences say otherwise), and a plan sets targets when nothing says otherwise.
"""

from __future__ import annotations

import calendar
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError

# Years the reader accepts: the lunar calendar library is exact far beyond, the product has no use for more.
MIN_YEAR = 2000
MAX_YEAR = 2100

# A plan file is a few pages; a bigger one is not a plan (and would only slow the regular expressions).
MAX_FILE_BYTES = 5 * 2**20
# What a .docx may unpack to: a zip of 5 MB can inflate a thousandfold (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 2**20

LEVELS = 4

# Word list paragraphs carry their number outside the text; read_plan marks them "<mark>depth<mark>text" with a
# character no text file holds (text with NUL is refused as binary).
_LIST_MARK = "\x00"

REPEATS = ("monthly", "quarterly", "biweekly", "yearly", "twice_monthly", "biennial")


class PlanFileError(DomainError):
    """A file that cannot be read as a plan (missing, of another kind, empty); the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message, code="unreadable_plan")


# --- reading files --------------------------------------------------------------------------------------------


def read_plan(path: str | Path) -> list[str]:
    """The lines of a .docx or plain-text plan; PlanFileError when it is missing, of another kind or empty."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PlanFileError(
                _("文件“%(name)s”超过 %(limit)d MB，不像一份工作计划。")
                % {"name": path.name, "limit": MAX_FILE_BYTES // 2**20}
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(
            _("无法读取文件“%(name)s”：%(reason)s") % {"name": path, "reason": exc.strerror or exc}
        ) from exc
    return read_plan_bytes(data, name=path.name)


def read_plan_bytes(data: bytes, *, name: str = "") -> list[str]:
    """As read_plan, for bytes already in memory (an upload)."""
    lines = _docx_lines(data, name) if data.startswith(b"PK\x03\x04") else _text_lines(data, name)
    lines = [line for line in (_clean(line) for line in lines) if line]
    if not lines:
        raise PlanFileError(_("文件“%(name)s”是空的，没有可导入的内容。") % {"name": name})
    return lines


def _docx_lines(data: bytes, name: str) -> list[str]:
    import io

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    not_docx = _("文件“%(name)s”不是 Word 文档（.docx）或纯文本文件，无法读取。") % {"name": name}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise PlanFileError(not_docx)
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as exc:
        raise PlanFileError(not_docx) from exc
    # Styles that number or bullet their paragraphs ("List Bullet", or any style carrying numbering).
    list_styles = {
        style.style_id
        for style in document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH
        and ((style.name or "").startswith("List") or style.element.find(".//{*}numPr") is not None)
    }
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_docx_paragraph(block, list_styles))
        elif tag == "tbl":
            lines.extend(_docx_table(block))
    return lines


def _val(element) -> str | None:
    """The w:val attribute of an element, whatever its namespace prefix."""
    if element is None:
        return None
    return next((value for key, value in element.attrib.items() if key.endswith("}val")), None)


def _node_text(node) -> str:
    """What one element of a paragraph adds to its text: w:t its characters, a tab or line break a space."""
    if not isinstance(node.tag, str):
        return ""  # an XML comment or processing instruction
    tag = node.tag.rsplit("}", 1)[-1]
    if tag == "t":
        return node.text or ""
    return " " if tag in ("tab", "br", "cr") else ""


def _docx_paragraph(p, list_styles: frozenset | set = frozenset()) -> str:
    """A paragraph's text; a Word list paragraph (its number is not in the text) is marked as a list item."""
    text = "".join(_node_text(node) for node in p.iter())
    num_pr = p.find("{*}pPr/{*}numPr")
    listed = num_pr is not None or _val(p.find("{*}pPr/{*}pStyle")) in list_styles
    if listed and text.strip() and not _MARKER.match(_clean(text)):
        depth = _val(num_pr.find("{*}ilvl")) if num_pr is not None else None
        return f"{_LIST_MARK}{depth or 0}{_LIST_MARK}{text}"
    return text


def _docx_table(tbl) -> list[str]:
    """Each row of a table as one line, cells joined: plans in tables number their rows in the first cell."""
    rows = []
    for tr in tbl.iterfind("{*}tr"):
        cells = []
        for tc in tr.iterfind("{*}tc"):
            cells.append("".join(_docx_paragraph(p) for p in tc.iterfind("{*}p")).strip())
        cells = [c for c in cells if c]
        if cells and cells[0].isdigit() and len(cells) > 1:
            rows.append(f"{cells[0]}. " + "，".join(cells[1:]))
        elif cells:
            rows.append("，".join(cells))
    return rows


def _text_lines(data: bytes, name: str) -> list[str]:
    if b"\x00" in data:
        raise PlanFileError(
            _("文件“%(name)s”不是 Word 文档（.docx）或纯文本文件，无法读取。") % {"name": name}
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte sequence without NUL but a few truncated tails
        raise PlanFileError(_("文件“%(name)s”的编码无法识别（应为 UTF-8 或 GB18030）。") % {"name": name})
    return text.splitlines()


_WIDTH = str.maketrans(
    "０１２３４５６７８９．％　",
    "0123456789.% ",
)


# Control and zero-width characters Word and web pages leave in text (all but _LIST_MARK).
_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")


def _clean(line: str) -> str:
    """Full-width digits, ． and ％ made ASCII, whitespace collapsed; Chinese punctuation otherwise kept."""
    line = line.translate(_WIDTH)
    return _SPACES.sub(" ", _CONTROLS.sub("", line)).strip()


# --- item markers ---------------------------------------------------------------------------------------------

_CN = "〇零一二两三四五六七八九十百千"
_MARKERS = (
    ("cn", rf"[{_CN}]{{1,3}}\s*[、.．]"),
    ("paren_cn", rf"[（(]\s*[{_CN}]{{1,3}}\s*[)）]"),
    ("paren_arabic", r"[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[)）]"),
    ("arabic", r"\d{1,2}\s*(?:[、]|\.(?!\d))"),
    ("circled", "[\u2460-\u2473\u3251-\u325f]"),
    ("bullet", r"[•·●○■□◆◇▪►▶√\-–—*]"),
)
_MARKER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _MARKERS))
_LIST = re.compile(rf"{_LIST_MARK}(\d+){_LIST_MARK}")


@dataclass
class _Item:
    level: int
    number: str
    parts: list[str] = field(default_factory=list)
    section: int = 0

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts)).strip()


def _split(lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    stack: list[str] = []
    section = -1
    for line in lines:
        style, number, rest = _marker(line)
        if style is None:
            if items:
                items[-1].parts.append(rest)
            continue
        if style in stack:
            del stack[stack.index(style) + 1 :]
        else:
            stack.append(style)
        level = min(stack.index(style) + 1, LEVELS)
        if level == 1:
            section += 1
        items.append(_Item(level=level, number=number, parts=[rest], section=max(section, 0)))
    # A number alone on its line takes the next line as its text; one followed by nothing is dropped.
    return [item for item in items if item.text]


def _marker(line: str) -> tuple[str | None, str, str]:
    """(style, number as written, rest of the line); style None for a line that continues an item."""
    listed = _LIST.match(line)
    if listed:
        return f"list{listed.group(1)}", "", line[listed.end() :].strip()
    match = _MARKER.match(line)
    if match is None:
        return None, "", line
    rest = line[match.end() :].strip()
    style = match.lastgroup
    if not rest and style == "bullet":
        return None, "", line  # a lone "—" is a rule, not an item
    if style == "bullet" and match.group() in "-–—*" and not line[match.end() :].startswith(" "):
        return None, "", line  # "-3 度" or "——摘自…" rather than a bullet
    number = re.sub(r"\s+", "", match.group()).replace("(", "（").replace(")", "）")
    if style == "bullet":
        number = ""
    return style, number, rest


# --- numbers --------------------------------------------------------------------------------------------------

_DIGITS = dict(zip("〇零一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_POWERS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN_NUMBER = rf"[{_CN}万]+"
_AR_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"


def _cn_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 一百五十 → 150, 两千 → 2000; None for what is not a numeral."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:
                return None  # "一二" is not a number
            digit = _DIGITS[ch]
        elif ch in _POWERS:
            power = _POWERS[ch]
            if power == 10000:
                total = (total + section + (digit or 0)) * power
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * power
                digit = None
        else:
            return None
    return total + section + (digit or 0)


def _number(text: str) -> int | float | None:
    text = text.strip()
    if re.fullmatch(_AR_NUMBER, text):
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() else value
    return _cn_int(text)


# --- dates ----------------------------------------------------------------------------------------------------

# Festivals by their fixed day; the lunar ones are computed per year (see _lunar).
FIXED_DAYS = {
    "元旦": (1, 1),
    "三八": (3, 8),
    "三·八": (3, 8),
    "三.八": (3, 8),
    "妇女节": (3, 8),
    "植树节": (3, 12),
    "世界阅读日": (4, 23),
    "读书日": (4, 23),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "五四": (5, 4),
    "青年节": (5, 4),
    "六一": (6, 1),
    "儿童节": (6, 1),
    "七一": (7, 1),
    "建党": (7, 1),
    "八一": (8, 1),
    "建军节": (8, 1),
    "教师节": (9, 10),
    "国庆": (10, 1),
}
LUNAR_DAYS = {
    "春节": (1, 1),
    "元宵": (1, 15),
    "端午": (5, 5),
    "七夕": (7, 7),
    "中秋": (8, 15),
    "重阳": (9, 9),
}
# Summer holidays of schools end with August; a plan's "暑假" item is done by then.
SUMMER_HOLIDAY_END = (8, 31)
WINTER_HOLIDAY = "寒假"  # its end follows 春节, taken as 春节 + 15 days (元宵)

_MONTH = r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_YEAR_PREFIX = r"(?:(?:20\d\d|20__|20_+|20xx|20XX|20××|二〇[〇一二三四五六七八九xX×]{2})\s*年\s*)?"
_BEFORE = r"(?P<before>之?前|以前)?"
_MONTH_PHRASE = re.compile(
    _YEAR_PREFIX
    + _MONTH
    + r"\s*月\s*(?:份)?\s*(?:(?P<day>[0-3]?\d)\s*[日号]|(?P<part>底|末|初|上旬|中旬|下旬))?\s*"
    + _BEFORE
)
_QUARTER = re.compile(r"(?P<first>前)?(?:第)?(?P<q>[一二三四1-4])\s*季度")
_HALF = re.compile(r"(?P<half>上|下)半年")
_YEAR_END = re.compile(r"年底|年末|年终|岁末")
_YEAR_START = re.compile(r"年初|开年")
_FESTIVAL = re.compile(
    "(?P<name>"
    + "|".join(re.escape(k) for k in sorted([*FIXED_DAYS, *LUNAR_DAYS], key=len, reverse=True))
    + r")(?:节)?(?P<tail>前后|之前|前|期间|后)?"
)
_SUMMER = re.compile(r"暑假|暑期")


def _lunar(year: int, month: int, day: int) -> date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_date(year: int, match: re.Match) -> date | None:
    month = _number(match["month"])
    if not month or not 1 <= month <= 12:
        return None
    if match["day"]:
        day = int(match["day"])
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        return date(year, month, day)
    part = match["part"]
    if part in ("初", "上旬"):
        return date(year, month, 10)
    if part == "中旬":
        return date(year, month, 20)
    if part is None and match["before"]:
        # "5月前": before May begins.
        return date(year, month, 1) - timedelta(days=1) if month > 1 else date(year, 1, 1)
    return _month_end(year, month)


def _deadlines(text: str, year: int) -> list[date]:
    found: list[date] = []
    for match in _MONTH_PHRASE.finditer(text):
        day = _month_date(year, match)
        if day:
            found.append(day)
    for match in _QUARTER.finditer(text):
        q = int(match["q"]) if match["q"].isdigit() else _DIGITS[match["q"]]
        found.append(_month_end(year, 3 * q))
    for match in _HALF.finditer(text):
        found.append(date(year, 6, 30) if match["half"] == "上" else date(year, 12, 31))
    if _YEAR_END.search(text):
        found.append(date(year, 12, 31))
    if _YEAR_START.search(text):
        found.append(date(year, 1, 31))
    for match in _FESTIVAL.finditer(text):
        name, tail = match["name"], match["tail"]
        day = _lunar(year, *LUNAR_DAYS[name]) if name in LUNAR_DAYS else date(year, *FIXED_DAYS[name])
        if tail in ("前", "之前") and not (name in FIXED_DAYS and day.month == 1 and day.day == 1):
            day -= timedelta(days=1)
        found.append(day)
    if _SUMMER.search(text):
        found.append(date(year, *SUMMER_HOLIDAY_END))
    if WINTER_HOLIDAY in text:
        found.append(_lunar(year, 1, 15))
    return found


# --- repeats --------------------------------------------------------------------------------------------------

_REPEAT_PATTERNS = (
    ("biennial", r"(?:两|二|2)\s*年\s*(?:一|1)\s*次|每\s*(?:两|二|2)\s*年|隔年"),
    ("biweekly", r"(?:两|二|2)\s*(?:周|星期)\s*(?:一|1)\s*次|每\s*(?:两|二|2)\s*(?:周|星期)|隔周|双周"),
    (
        "twice_monthly",
        r"每\s*(?:个)?\s*月\s*(?:两|二|2)\s*次|半\s*(?:个)?\s*月\s*(?:一|1)\s*次|每\s*半\s*(?:个)?\s*月",
    ),
    ("monthly", r"每\s*(?:个)?\s*月|(?:一|1)\s*(?:个)?\s*月\s*(?:一|1)\s*次|按月|月度例会"),
    ("quarterly", r"每\s*(?:个)?\s*季度?|(?:一|1)\s*(?:个)?\s*季度?\s*(?:一|1)\s*次|按季"),
    ("yearly", r"每\s*年|(?:一|1)\s*年\s*(?:一|1)\s*次|每\s*学年"),
)
_REPEAT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _REPEAT_PATTERNS))
# Rhythm phrases hold numbers ("两周一次") that are not targets.
_RHYTHM = re.compile("|".join(pattern for _, pattern in _REPEAT_PATTERNS))


def _repeat(text: str) -> str:
    match = _REPEAT.search(text)
    return match.lastgroup if match else ""


def _occurrences(repeat: str, year: int) -> list[date]:
    """One deadline per occurrence in the year: the end of each period (biweekly: every other Sunday)."""
    if repeat == "monthly":
        return [_month_end(year, m) for m in range(1, 13)]
    if repeat == "twice_monthly":
        return [d for m in range(1, 13) for d in (date(year, m, 15), _month_end(year, m))]
    if repeat == "quarterly":
        return [_month_end(year, 3 * q) for q in range(1, 5)]
    if repeat == "biweekly":
        first = date(year, 1, 1) + timedelta(days=(6 - date(year, 1, 1).weekday()) % 7 + 7)
        return [
            first + timedelta(days=14 * i) for i in range(27) if (first + timedelta(days=14 * i)).year == year
        ]
    if repeat in ("yearly", "biennial"):
        return [date(year, 12, 31)]
    return []


# --- targets and results --------------------------------------------------------------------------------------

# Units counted with any numeral; those in _ARABIC_ONLY only after digits ("一个重要组成部分" counts nothing).
_UNITS = ["人次", "万元", "元", "次", "场", "期", "名", "人", "项", "家", "个", "篇", "件", "户", "所", "支"]
_ARABIC_ONLY = {"个", "件", "项", "支", "人", "篇", "户", "所", "元", "万元"}
# "一次", "一场", "一期" count; before other units 一 reads as the article ("选树一名典型" sets no number).
_ONE_COUNTS = {"次", "场", "期"}
_QUANTITY = re.compile(
    rf"(?P<ar>{_AR_NUMBER})\s*(?P<pct>%)"
    rf"|百分之(?P<pcn>{_CN_NUMBER}|{_AR_NUMBER})"
    rf"|(?<![第届{_CN}\d.])(?P<num>{_AR_NUMBER}|{_CN_NUMBER})\s*(?:多|余)?\s*(?P<unit>{'|'.join(_UNITS)})(?!例)"
)

# 已建(会) names unions that exist, not work done; 为了, 除了, 了解 are no past tense.
_PAST = re.compile(r"已(?!建)|曾经|至今|截至|截止目前|累计|共计|先后|取得|(?<![为除])了(?!解)")
# Not 目标 or 努力: summaries use them as often ("为实现小康目标", "经过努力").
_FUTURE = re.compile(
    r"(?<![主重需纲])要(?![点素闻])|将|计划|预计|力争|争取|确保|拟|准备|打算|年内|明年|下一步"
)
_SENTENCE = re.compile(r"[。；;！!？?]")
_CLAUSE = re.compile(r"[，、：:;]|,(?!\d{3})")  # not the comma of 1,400
_SUMMARY_TITLE = re.compile(r"总结|汇报|述职|回顾")
_PLAN_TITLE = re.compile(r"计划|要点|安排|打算")


def _tense(text: str) -> int:
    """+1 for a sentence that reports (past), -1 for one that plans, 0 when it says neither."""
    past, future = len(_PAST.findall(text)), len(_FUTURE.findall(text))
    return (past > future) - (future > past)


def _lean(texts: list[str]) -> int:
    """Sentences that report minus sentences that plan: above 0 the texts are a summary, below a plan."""
    return sum(_tense(sentence) for text in texts for sentence in _SENTENCE.split(text))


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


def _targets(text: str, context: int) -> list[dict]:
    targets = []
    text = _RHYTHM.sub(" ", text)
    for sentence in _SENTENCE.split(text):
        # A clause without a marker takes the tense of the last clause before it that has one ("已签订…，签订率达
        # 90%"), not of later ones: "评选出 2 名…，企业工会要鼓励…" reports the 2 and plans the encouraging.
        earlier = 0
        for clause in _CLAUSE.split(sentence):
            earlier = _tense(clause) or earlier
            for match in _QUANTITY.finditer(clause):
                target = _target(match)
                if target is not None:
                    target["result"] = (earlier or context) > 0
                    targets.append(target)
    return targets


def _target(match: re.Match) -> dict | None:
    if match["pct"]:
        return {"quantity": _number(match["ar"]), "unit": "%"}
    if match["pcn"]:
        value = _number(match["pcn"])
        return {"quantity": value, "unit": "%"} if value is not None else None
    raw, unit = match["num"], match["unit"]
    value = _number(raw)
    if value is None or value <= 0:
        return None
    arabic = bool(re.fullmatch(_AR_NUMBER, raw))
    if not arabic and unit in _ARABIC_ONLY:
        return None
    if not arabic and value == 1 and unit not in _ONE_COUNTS:
        return None
    return {"quantity": value, "unit": unit}


# --- the outline ----------------------------------------------------------------------------------------------


def parse_plan(lines: list[str], year: int) -> list[dict]:
    """The outline of a plan's lines (see the module docstring); `year` is the plan's year."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} outside {MIN_YEAR}..{MAX_YEAR}")
    lines = [line for line in (_clean(line) for line in lines) if line]
    items = _split(lines)
    preamble = []
    for line in lines:
        if _marker(line)[0] is not None:
            break
        preamble.append(line)
    # A title that says what the document is (总结, 计划) sets the tense of a section unless two or more of the
    # section's sentences say otherwise; without one, the section's sentences, then the document's, decide.
    head = " ".join(preamble[:3])
    titled = 0
    if _PLAN_TITLE.search(head):
        titled = -1
    elif _SUMMARY_TITLE.search(head):
        titled = 1
    document = titled or _sign(_lean([item.text for item in items]))
    texts: dict[int, list[str]] = {}
    for item in items:
        texts.setdefault(item.section, []).append(item.text)
    sections = {}
    for number, section in texts.items():
        score = _lean(section)
        sections[number] = _sign(score) if abs(score) >= 2 or not titled else 0

    outline = []
    for item in items:
        text = item.text
        repeat = _repeat(text)
        days = set(_deadlines(_RHYTHM.sub(" ", text), year)) | set(_occurrences(repeat, year))
        context = sections[item.section] or document
        outline.append(
            {
                "level": item.level,
                "number": item.number,
                "title": text,
                "deadlines": [day.isoformat() for day in sorted(days)],
                "repeat": repeat,
                "targets": _targets(text, context),
            }
        )
    return outline


def run(path: str | Path, year: int) -> list[dict]:
    """Read and parse a plan file: what `gonghui import-plan` prints and saves. PlanFileError when unreadable."""
    return parse_plan(read_plan(path), year)


def plan_title(lines: list[str]) -> str:
    """The plan's own title: its first line when that is not already an item, else ""."""
    for line in lines:
        line = _clean(line)
        if line:
            return "" if _marker(line)[0] is not None else line
    return ""

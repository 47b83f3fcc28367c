"""The roster spreadsheet's columns: the header we write, the headers people actually use, and the field.

Export writes `header`; import accepts `header` or any alias (after removing spaces, case-insensitive), so an
exported file imports back unchanged.
"""

from dataclasses import dataclass

from gonghui.core.peoplesheet import ID_ALIASES, ID_HEADER


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False


ROSTER_COLUMNS = [
    Column("name", "姓名", ("名字", "职工姓名", "会员姓名"), required=True),
    Column("id_number", ID_HEADER, ID_ALIASES, required=True),
    Column("sex", "性别", ()),
    Column("birth_date", "出生日期", ("出生年月日", "生日")),
    Column("phone", "手机号", ("手机", "手机号码", "联系电话", "电话", "联系方式")),
    Column("ethnicity", "民族", ()),
    Column("education", "学历", ("文化程度",)),
    Column("political_status", "政治面貌", ()),
    Column("enterprise", "工作单位", ("单位", "所在单位", "单位名称")),
    Column("department", "部门", ("所在部门", "科室", "车间")),
    # Optional: the branch (分会/工会小组) or team (班组) of this union the person belongs to, by name or code.
    Column("unit", "分会/班组", ("分会", "工会小组", "班组", "所在分会", "所在班组", "分会/工会小组")),
    Column("post", "岗位", ("职务", "工种", "岗位/职务")),
    Column("employment_form", "用工形式", ("用工性质", "人员类别")),
    Column("joined_on", "入会日期", ("入会时间",)),
    Column("status", "会籍状态", ("状态",)),
]

# The template's sample row starts its 姓名 with this; the importer skips such a row, so a user who leaves the
# sample in place imports no one by mistake.
SAMPLE_MARK = "【示例】"

# Columns written as text so Excel keeps ID numbers and phones exact when a user edits the file.
TEXT_FIELDS = {"id_number", "phone"}

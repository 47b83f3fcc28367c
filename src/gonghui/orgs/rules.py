"""Numbers about organisations and members, each with its source (see core.rules for the mechanism)."""

from datetime import date

from gonghui.core.rules import NATIONAL, SECONDARY, Rule, register

# 青年 in member statistics: 14–35 years. 《中长期青年发展规划（2016—2025年）》, 中共中央、国务院 2017.
YOUTH_MAX_AGE = register(
    Rule(
        id="member.youth_max_age",
        value=35,
        unit="周岁",
        verified=SECONDARY,
        jurisdiction=NATIONAL,
        effective_from=date(2017, 4, 13),
        title="青年职工年龄上限（周岁）",
        cite="《中长期青年发展规划（2016—2025年）》：青年指14—35周岁",
    )
)

# A unit with 25 or more members must set up a grassroots union committee. 工会法 (2021) Art. 11.
UNION_COMMITTEE_MIN_MEMBERS = register(
    Rule(
        id="union.committee_min_members",
        value=25,
        unit="人",
        jurisdiction=NATIONAL,
        effective_from=date(2022, 1, 1),
        wording="用人单位有会员二十五人以上的，应当建立基层工会委员会",
        title="应建立基层工会委员会的会员人数",
        cite="《工会法》（2021年修正）第十一条",
    )
)

# 工会法 (2021) Art. 14 lets a union of 200 or more workers have a full-time chair: not registered, as no workflow
# here staffs a union's chair (docs/domain.md §2.2 keeps the figure).

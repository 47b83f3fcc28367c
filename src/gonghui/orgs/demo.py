"""Demo data: a believable union area, built deterministically from a seed.

`plan_area` and `plan_members` are pure: the same seed, size and reference date always give the same
organisations, enterprises and people, so a screenshot, a bug report or a benchmark can be reproduced.
`build_demo` writes a plan in one transaction with bulk inserts. It bypasses the services on purpose: nobody
acted, so there is nothing to audit, and a million members saved one at a time would take hours.

The default area is one town federation (镇总工会) in a Zhejiang district: about 60 enterprises, 50 of them
unionised, a joint union (联合基层工会) for three workshops too small for a committee of their own, the
central primary school, branches and teams in the large unions, and as many members as its enterprises employ.
Beside it, a small Jiangsu town federation of its own (a second root: its province's rule pack must not fall back
to Zhejiang's) with a handful of enterprise unions, so the Jiangsu rules show on real pages (docs/domain.md).
Asking for more members adds towns of up to 1,000 unions of about 100 members each: the shape of a city
federation.
"""

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate, batched, chain
from math import ceil
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.errors import Conflict
from gonghui.core.idnumber import id_check_char
from gonghui.core.registry import DEMO_BUILDERS
from gonghui.core.roles import Role
from gonghui.core.uscc import make_credit_code

from .models import (
    Enterprise,
    Jurisdiction,
    Member,
    MembershipTransfer,
    MemberStatus,
    Org,
    OrgCategory,
    OrgKind,
    RoleAssignment,
)
from .naming import name_initials, name_sort_key
from .rules import UNION_COMMITTEE_MIN_MEMBERS

DEFAULT_SEED = 1
# Printed by `gonghui logins` on purpose: every demo login shares it.
DEMO_PASSWORD = "gonghui-demo"  # noqa: S105
MEMBERS_PER_UNION = 100
UNIONS_PER_TOWN = 1000
# Far above the small sequence numbers factories use, so tests can mix factories and demo data.
_CREDIT_CODE_BASE = 20_000_000
# Enterprises registered in Hangzhou 西湖区 (330106): the demo area is a Zhejiang district.
DEMO_REGION = "330106"
# The Jiangsu town's enterprises are registered in 昆山市 (320583).
JIANGSU_REGION = "320583"
_BATCH = 5000


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # "" for the superuser, who holds no role
    node: str  # a key of Area.landmarks


DEMO_LOGINS = (
    DemoLogin("admin", "", "district"),
    DemoLogin("qu", Role.FEDERATION_CADRE, "district"),
    DemoLogin("zhen", Role.FEDERATION_CADRE, "town"),
    DemoLogin("zhuxi", Role.UNION_CHAIR, "showcase"),
    DemoLogin("ganshi", Role.UNION_STAFF, "showcase"),
    DemoLogin("caiwu", Role.FINANCE_OFFICER, "showcase"),
    DemoLogin("jingshen", Role.AUDITOR, "showcase"),
    DemoLogin("nvgong", Role.WOMEN_COMMITTEE, "showcase"),
    DemoLogin("daibiao", Role.WORKER_REP, "showcase"),
    DemoLogin("huiyuan", Role.MEMBER, "showcase"),
    DemoLogin("xingzheng", Role.EMPLOYER_REP, "showcase"),
    DemoLogin("xuexiao", Role.UNION_CHAIR, "school"),
    DemoLogin("jszhen", Role.FEDERATION_CADRE, "js_town"),
    DemoLogin("jszhuxi", Role.UNION_CHAIR, "js_showcase"),
)
# Roles held by people on the union's own roster; the employer's representative and cadres are not.
_ROSTER_ROLES = {
    Role.UNION_CHAIR,
    Role.UNION_STAFF,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
    Role.WOMEN_COMMITTEE,
    Role.WORKER_REP,
    Role.MEMBER,
}

# --- What the people and enterprises look like --------------------------------------------------------


def _words(text: str) -> list[str]:
    """Long lists of Chinese words read better as one space-separated string than as a list literal."""
    return text.split()


class _Weighted:
    """Values with weights, written "value:weight value:weight"; the cumulative sums are computed once,
    not on every `choices()` call (1M members draw ten times each)."""

    def __init__(self, spec: str | Sequence[tuple]) -> None:
        pairs = [item.rsplit(":", 1) for item in spec.split()] if isinstance(spec, str) else spec
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(int(weight) for _value, weight in pairs))

    def pick(self, rng: random.Random):
        # What rng.choices(values, cum_weights=...)[0] does, minus its per-call list building.
        return self.values[
            bisect(self.cumulative, rng.random() * self.cumulative[-1], 0, len(self.values) - 1)
        ]


# Common surnames weighted by frequency, with Zhejiang's own (俞, 应, 楼, 童) and a few with surname readings
# (单 Shàn, 查 Zhā, 曾 Zēng) so that searching by initials meets them.
_SURNAMES = _Weighted(
    "王:71 李:70 张:67 刘:54 陈:46 杨:31 黄:25 赵:23 吴:20 周:19 徐:16 孙:15 马:14 朱:13 胡:13 郭:11 何:11 "
    "林:10 高:10 罗:9 郑:9 梁:8 谢:7 宋:6 唐:6 许:6 韩:5 冯:5 邓:5 曹:5 彭:5 曾:5 肖:5 田:4 董:4 潘:4 袁:4 "
    "蔡:4 蒋:4 余:4 杜:4 叶:4 程:3 魏:3 苏:3 吕:3 丁:3 沈:3 姚:3 卢:3 钟:3 陆:3 汪:2 金:2 方:2 毛:2 邵:2 "
    "俞:2 应:1 楼:1 童:1 单:1 查:1 欧阳:1"
)
# Given names drift with the generations: (born before 1980, born since).
_GIVEN = {
    "M": (
        _words("建国 建华 建军 国强 国平 志强 志明 海涛 海波 晓东 伟民 立新 振华 德明 永强 春生 卫东 文斌"),
        _words("浩然 子轩 宇航 俊杰 鹏飞 一鸣 天宇 明辉 晨阳 嘉诚 家豪 文博 思远 博文 泽宇 梓豪 睿 涛 磊 杰"),
    ),
    "F": (
        _words("秀英 桂英 秀兰 玉兰 丽娟 晓燕 海燕 春梅 美玲 雪梅 慧敏 玉珍 丽华 淑芬 红霞 金凤 小红 艳 芳"),
        _words("婷婷 丹丹 静怡 欣怡 梦瑶 雨涵 诗涵 思雨 佳怡 一诺 紫涵 雅婷 晓雯 佳琪 梓萱 倩 颖 敏 璐"),
    ),
}
_GIVEN_CHARS = {
    "M": "伟强军明勇刚平辉鹏华飞波宇浩凯健俊帆旭宁龙林阳峰亮成东文晨志海洋毅江松新坤栋兴荣忠宏庆胜",
    "F": "芳娜敏静丽艳娟霞秀玲英燕萍红琳婷雪慧莉倩颖洁晶佳琴云兰凤梅悦欣怡璐梦雨诗思晓美月彩珍瑶蕾",
}
_ETHNICITIES = _Weighted("汉族:950 土家族:10 苗族:10 畲族:8 回族:6 壮族:6 布依族:5 彝族:5")
# Birthplace region codes: local Zhejiang counties, then the provinces Zhejiang's migrant workers come from.
_REGIONS = _Weighted(
    "330110:25 330106:8 330183:8 330521:6 330681:5 331082:4 341221:8 342422:5 361127:5 411521:6 412723:4 "
    "510722:5 511322:4 522427:3 430524:4 452123:2 622424:2"
)
_PHONE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 177 180 181 182 183 "
    "185 186 187 188 189 198 199"
)
# Retired members stay on the roster (退休会员); a few have left the union.
_STATUSES = _Weighted("active:955 retired:30 withdrawn:15")
_OWNERSHIP = _Weighted("private:70 foreign:8 hmt:6 collective:5 mixed:5 state:4 other:2")
_BRAND_FIRST = "华恒永金宏新瑞天鑫亿博盛嘉利广佳惠信兴康通振明荣安立顺德长远众同汇精百海卓凯富鼎"
_BRAND_SECOND = "锐通信丰达峰邦成源联远鑫禾民美康诚隆华泰昌兴顺盛胜航越创力宇辉鼎森晟科业"
_TOWN_NAMES = _words(
    "青石镇 白沙镇 梅林镇 双桥镇 东山街道 龙湾镇 竹源镇 花港街道 临江街道 新埠镇 桃源镇 石门镇 金沙街道 "
    "云栖镇 湖塘镇 凤鸣街道 三墩镇 溪口镇 枫林镇 南湖街道"
)


@dataclass(frozen=True)
class Trade:
    """An industry's look: business names, departments and their posts, women's share, forms of work."""

    industry: str
    weight: int
    businesses: list[str]
    departments: list[tuple[str, int, tuple[str, ...]]]  # name, weight, posts
    women: float
    educated: bool
    forms: _Weighted


_OFFICE = "行政人事部:1:行政专员/人事专员/文员/保安/驾驶员 财务部:1:会计/出纳"


def _trade(
    industry: str,
    weight: int,
    businesses: str,
    departments: str,
    women: float,
    forms: str,
    educated: bool = False,
) -> Trade:
    """A Trade from compact text: departments as "name:weight:post/post …"."""
    parsed = [
        (name, int(share), tuple(posts.split("/")))
        for name, share, posts in (item.split(":") for item in departments.split())
    ]
    return Trade(industry, weight, businesses.split(), parsed, women, educated, _Weighted(forms))


_TRADES = (
    _trade(
        "C",
        55,
        "精密机械 五金制品 纺织 服饰 汽车零部件 塑业 家具 电子科技 电器 食品 包装材料 新材料科技 机电 阀门 "
        "轴承 印染",
        "一车间:6:操作工/装配工/数控车工/焊工/班组长 二车间:5:操作工/装配工/包装工/班组长 "
        "质检部:2:质检员/检验员 仓储部:2:仓管员/叉车司机/搬运工 设备动力部:1:电工/机修工 "
        "技术部:1:工程师/技术员/工艺员 "
        f"销售部:1:销售代表/跟单员 {_OFFICE}",
        0.42,
        "regular:55 contract:20 migrant:15 dispatched:10",
    ),
    _trade(
        "G",
        10,
        "物流 供应链管理 运输 快递服务",
        "运输部:4:货车司机/押运员 仓储中心:4:分拣员/仓管员/装卸工/叉车司机 配送站:3:快递员/配送员 "
        f"调度中心:1:调度员/客服专员 {_OFFICE}",
        0.22,
        "regular:40 new_form:30 contract:15 dispatched:15",
    ),
    _trade(
        "H",
        10,
        "餐饮管理 酒店管理 餐饮",
        f"前厅部:4:服务员/领班/收银员/迎宾员 后厨:4:厨师/帮厨/面点师/洗碗工 采购部:1:采购员 {_OFFICE}",
        0.6,
        "regular:40 part_time:25 migrant:20 contract:15",
    ),
    _trade(
        "E",
        8,
        "建设工程 建筑安装工程 装饰工程",
        "项目一部:5:钢筋工/木工/泥瓦工/架子工/施工员 项目二部:4:钢筋工/木工/电焊工/施工员 "
        f"安全质量部:1:安全员/质量员 材料设备部:1:材料员/机械操作手 {_OFFICE}",
        0.1,
        "migrant:50 contract:30 regular:20",
    ),
    _trade(
        "F",
        7,
        "商贸 超市连锁 百货",
        f"门店:6:营业员/收银员/理货员/店长 配送中心:2:配送员/仓管员 采购部:1:采购员 {_OFFICE}",
        0.6,
        "regular:55 part_time:20 contract:25",
    ),
    _trade(
        "I",
        3,
        "网络科技 信息技术 软件",
        f"研发部:5:软件工程师/测试工程师/产品经理 运维部:2:运维工程师 市场部:2:销售代表/市场专员 {_OFFICE}",
        0.35,
        "regular:85 contract:15",
        educated=True,
    ),
    _trade(
        "Q",
        3,
        "康养服务 护理院",
        f"护理部:5:护理员/护士 康复部:2:康复治疗师 后勤部:1:厨师/保洁员 {_OFFICE}",
        0.8,
        "regular:60 contract:30 dispatched:10",
        educated=True,
    ),
    _trade(
        "O",
        4,
        "物业服务 家政服务 汽车维修",
        f"服务部:5:维修工/保洁员/家政服务员/技师 客服部:1:客服专员 {_OFFICE}",
        0.5,
        "regular:50 new_form:20 part_time:20 contract:10",
    ),
)
_SCHOOL = _trade(
    "P",
    0,
    "",
    "语文组:4:语文教师/班主任 数学组:4:数学教师/班主任 英语组:2:英语教师 "
    "综合组:3:音乐教师/体育教师/美术教师/科学教师 行政办公室:1:办公室主任/教务员 "
    "后勤保障:1:校医/保安/食堂厨师",
    0.75,
    "regular:90 contract:10",
    educated=True,
)


# --- The plan -----------------------------------------------------------------------------------------


@dataclass
class OrgPlan:
    parent: int | None  # index in Area.orgs; parents come before their children
    name: str
    code: str
    kind: str
    category: str
    jurisdiction: str = ""
    founded_on: date | None = None
    worker_count: int = 0


@dataclass
class Department:
    name: str
    weight: int
    posts: tuple[str, ...]
    units: list[int] = field(default_factory=list)  # the branch or teams its members belong to, if any


@dataclass
class EnterprisePlan:
    name: str
    credit_code: str
    trade: Trade
    ownership: str
    worker_count: int
    women_worker_count: int
    area: int
    union: int | None
    departments: list[Department]
    capacity: int = 0  # members at full strength: most, never all, of the workers join
    members: int = 0


class MemberPlan(NamedTuple):
    union: int  # index in Area.orgs
    unit: int | None
    enterprise: int  # index in Area.enterprises
    name: str
    initials: str
    name_key: str
    id_number: str
    sex: str
    birth_date: date
    phone: str
    ethnicity: str
    education: str
    political_status: str
    department: str
    post: str
    employment_form: str
    joined_on: date
    status: str


@dataclass
class Area:
    as_of: date
    orgs: list[OrgPlan] = field(default_factory=list)
    children: list[int] = field(default_factory=list)  # per org
    enterprises: list[EnterprisePlan] = field(default_factory=list)
    # Nodes the logins and transfers hang on: district, town, showcase, neighbour, school, joint, and the
    # Jiangsu town (js_town) with its largest union (js_showcase).
    landmarks: dict[str, int] = field(default_factory=dict)
    used_names: set[str] = field(default_factory=set)

    def add_org(
        self, parent: int | None, name: str, kind: str, category: str, code: str = "", **fields
    ) -> int:
        """Append a node; its code defaults to the parent's followed by a letter for the kind and a number."""
        if parent is not None:
            self.children[parent] += 1
            code = code or f"{self.orgs[parent].code}{kind[0].upper()}{self.children[parent]:02d}"
        self.orgs.append(OrgPlan(parent, name, code, kind, category, **fields))
        self.children.append(0)
        return len(self.orgs) - 1

    def count(self, kind: str) -> int:
        return sum(org.kind == kind for org in self.orgs)


def plan_area(*, seed: int, members: int | None = None, as_of: date) -> Area:
    """The organisations and enterprises; `members=None` fills the demo town's enterprises and no more."""
    rng = random.Random(f"{seed}/area")
    area = Area(as_of=as_of)
    area.landmarks["district"] = area.add_org(
        None,
        "明湖区总工会",
        OrgKind.FEDERATION,
        OrgCategory.DISTRICT,
        code="MH",
        jurisdiction=Jurisdiction.ZHEJIANG,
        founded_on=date(1951, 5, 1),
    )
    _plan_demo_town(rng, area)
    _plan_jiangsu_town(random.Random(f"{seed}/jiangsu"), area)
    capacities = [e.capacity for e in area.enterprises]
    wanted = sum(capacities) if members is None else members
    for enterprise, share in zip(
        area.enterprises, _split(min(wanted, sum(capacities)), capacities), strict=True
    ):
        enterprise.members = share
    _plan_more_towns(rng, area, wanted - sum(capacities))
    return area


def _plan_demo_town(rng: random.Random, area: Area) -> None:
    town = area.landmarks["town"] = area.add_org(
        area.landmarks["district"],
        "柳溪镇总工会",
        OrgKind.FEDERATION,
        OrgCategory.TOWN,
        jurisdiction=Jurisdiction.ZHEJIANG,
        founded_on=date(1984, 6, 1),
    )
    prefixes = ("浙江", "明湖", "柳溪")
    showcase = _plan_unionised(rng, area, town, _TRADES[0], rng.randint(1100, 1500), prefixes)
    area.landmarks["showcase"] = showcase.union
    for low, high, count in ((500, 900, 2), (120, 400, 9), (30, 120, 35)):
        for _index in range(count):
            enterprise = _plan_unionised(rng, area, town, _pick_trade(rng), rng.randint(low, high), prefixes)
            area.landmarks.setdefault("neighbour", enterprise.union)
    _plan_joint_union(rng, area, town, prefixes)
    for _index in range(10):
        _plan_enterprise(rng, area, town, None, _pick_trade(rng), rng.randint(15, 60), prefixes)
    _plan_school(rng, area, town)


def _plan_jiangsu_town(rng: random.Random, area: Area) -> None:
    """A town federation in Jiangsu, the province of the seed's town plan: its own root, so its unions follow
    the Jiangsu pack and, where Jiangsu registers no rule, the national one (never Zhejiang's)."""
    town = area.landmarks["js_town"] = area.add_org(
        None,
        "苇塘镇总工会",
        OrgKind.FEDERATION,
        OrgCategory.TOWN,
        code="JS",
        jurisdiction=Jurisdiction.JIANGSU,
        founded_on=date(1985, 5, 1),
    )
    prefixes, region = ("江苏", "苇塘"), JIANGSU_REGION
    showcase = _plan_unionised(rng, area, town, _TRADES[0], rng.randint(320, 480), prefixes, region=region)
    area.landmarks["js_showcase"] = showcase.union
    for low, high in ((120, 240), (60, 120), (40, 80), (30, 60)):
        trade = _pick_trade(rng)
        _plan_unionised(rng, area, town, trade, rng.randint(low, high), prefixes, region=region)
    for _index in range(2):
        _plan_enterprise(
            rng, area, town, None, _pick_trade(rng), rng.randint(15, 40), prefixes, region=region
        )


def _plan_unionised(
    rng, area: Area, town: int, trade: Trade, workers: int, prefixes, *, region: str = DEMO_REGION
) -> EnterprisePlan:
    """An enterprise with its own union; large ones get a branch per department and teams in production."""
    name = _enterprise_name(rng, area, trade, prefixes, large=workers >= 500)
    union = area.add_org(
        town,
        name + ("工会委员会" if workers >= 200 else "工会"),
        OrgKind.UNION,
        OrgCategory.ENTERPRISE,
        worker_count=workers,
        founded_on=_day_between(rng, date(1998, 1, 1), area.as_of - timedelta(days=700)),
    )
    enterprise = _plan_enterprise(rng, area, town, union, trade, workers, prefixes, name=name, region=region)
    if workers >= 300:
        for department in enterprise.departments:
            branch = area.add_org(union, f"{department.name}分会", OrgKind.BRANCH, OrgCategory.BRANCH)
            department.units = [branch]
            if workers >= 800 and department.weight >= 2:
                department.units = [
                    area.add_org(branch, f"{department.name}{shift}班", OrgKind.TEAM, OrgCategory.TEAM)
                    for shift in "甲乙丙"[: rng.randint(2, 3)]
                ]
    return enterprise


def _plan_joint_union(rng, area: Area, town: int, prefixes) -> None:
    """Three workshops below the committee threshold share one union, as 工会法 第十一条 allows."""
    joint = area.landmarks["joint"] = area.add_org(
        town, "柳溪镇工业园区联合工会委员会", OrgKind.UNION, OrgCategory.JOINT, founded_on=date(2016, 3, 8)
    )
    for _index in range(3):
        workers = rng.randint(12, int(UNION_COMMITTEE_MIN_MEMBERS) - 1)
        enterprise = _plan_enterprise(rng, area, town, joint, _TRADES[0], workers, prefixes)
        area.orgs[joint].worker_count += enterprise.worker_count


def _plan_school(rng, area: Area, town: int) -> None:
    workers = rng.randint(85, 120)
    school = area.landmarks["school"] = area.add_org(
        town,
        "柳溪镇中心小学工会",
        OrgKind.UNION,
        OrgCategory.SCHOOL,
        founded_on=date(1986, 9, 10),
        worker_count=workers,
    )
    enterprise = _plan_enterprise(
        rng, area, town, school, _SCHOOL, workers, (), name="柳溪镇中心小学", ownership="public"
    )
    for department in enterprise.departments:  # 工会小组 by teaching group
        department.units = [
            area.add_org(school, f"{department.name}工会小组", OrgKind.BRANCH, OrgCategory.GROUP)
        ]


def _plan_enterprise(
    rng,
    area: Area,
    town: int,
    union: int | None,
    trade: Trade,
    workers: int,
    prefixes,
    *,
    name: str = "",
    ownership: str = "",
    region: str = DEMO_REGION,
) -> EnterprisePlan:
    women = min(workers, max(0, round(workers * rng.gauss(trade.women, 0.08))))
    department_count = len(trade.departments) if workers >= 300 else 2 + (workers >= 60) + (workers >= 120)
    enterprise = EnterprisePlan(
        name=name or _enterprise_name(rng, area, trade, prefixes, large=workers >= 500),
        credit_code=make_credit_code(_CREDIT_CODE_BASE + len(area.enterprises), region=region),
        trade=trade,
        ownership=ownership or _OWNERSHIP.pick(rng),
        worker_count=workers,
        women_worker_count=women,
        area=town,
        union=union,
        departments=[Department(*department) for department in trade.departments[:department_count]],
        capacity=int(workers * rng.uniform(0.78, 0.97)) if union is not None else 0,
    )
    area.enterprises.append(enterprise)
    return enterprise


def _enterprise_name(rng, area: Area, trade: Trade, prefixes, large: bool) -> str:
    while True:
        brand = rng.choice(_BRAND_FIRST) + rng.choice(_BRAND_SECOND)
        name = f"{rng.choice(prefixes)}{brand}{rng.choice(trade.businesses)}{'股份' if large else ''}有限公司"
        if brand[0] != brand[1] and name not in area.used_names:
            area.used_names.add(name)
            return name


def _plan_more_towns(rng, area: Area, members: int) -> None:
    """Members beyond the demo town go to further towns: unions of ~100, up to UNIONS_PER_TOWN a town."""
    if members <= 0:
        return
    union_count = max(1, round(members / MEMBERS_PER_UNION))
    sizes = _split(members, [rng.randint(40, 160) for _index in range(union_count)])
    per_town = ceil(union_count / ceil(union_count / UNIONS_PER_TOWN))
    for number, start in enumerate(range(0, union_count, per_town)):
        name = _TOWN_NAMES[number % len(_TOWN_NAMES)]
        if number >= len(_TOWN_NAMES):  # past 20 towns (2,000,000 members): 青石2镇, 青石3镇…
            name = f"{name[:2]}{number // len(_TOWN_NAMES) + 1}{name[2:]}"
        town = area.add_org(
            area.landmarks["district"],
            f"{name}总工会",
            OrgKind.FEDERATION,
            OrgCategory.STREET if name.endswith("街道") else OrgCategory.TOWN,
            founded_on=date(1985, 1, 1),
        )
        prefixes = ("浙江", "明湖", name[:2])
        for size in sizes[start : start + per_town]:
            workers = max(size + 1, ceil(size / rng.uniform(0.75, 0.96)))
            enterprise = _plan_unionised(rng, area, town, _pick_trade(rng), workers, prefixes)
            enterprise.capacity = enterprise.members = size
        # About one enterprise in ten still has no union: the federation's organising work.
        for _index in range(max(1, per_town // 10)):
            _plan_enterprise(rng, area, town, None, _pick_trade(rng), rng.randint(15, 80), prefixes)


def _pick_trade(rng) -> Trade:
    return rng.choices(_TRADES, cum_weights=_TRADE_WEIGHTS)[0]


_TRADE_WEIGHTS = list(accumulate(trade.weight for trade in _TRADES))


def _day_between(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _split(total: int, weights: list[int]) -> list[int]:
    """Integer shares of `total` proportional to `weights`, summing exactly to `total` (largest remainder).

    No share exceeds its weight when `total` <= sum(weights), so capacities double as caps.
    """
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    parts = [divmod(total * weight, whole) for weight in weights]
    shares = [share for share, _remainder in parts]
    by_remainder = sorted(range(len(parts)), key=lambda i: -parts[i][1])
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


# --- People -------------------------------------------------------------------------------------------


def plan_members(area: Area, *, seed: int) -> Iterator[MemberPlan]:
    """Every member, enterprise by enterprise, each enterprise from its own random stream.

    The only state carried across enterprises is the set of ID numbers given out: one person, one number.
    """
    people = _People(area.as_of)
    for index, enterprise in enumerate(area.enterprises):
        rng = random.Random(f"{seed}/members/{index}")
        departments = _Weighted([(department, department.weight) for department in enterprise.departments])
        founded = area.orgs[enterprise.union].founded_on if enterprise.union is not None else None
        for _index in range(enterprise.members):
            yield people.member(rng, index, enterprise, departments.pick(rng), founded or date(2000, 1, 1))


class _People:
    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.used_ids: set[int] = set()
        self.initials: dict[str, tuple[str, str]] = {}  # pypinyin costs tens of µs a name, and names repeat

    def member(
        self, rng, index: int, enterprise: EnterprisePlan, department: Department, founded: date
    ) -> MemberPlan:
        sex = "F" if rng.random() < enterprise.women_worker_count / enterprise.worker_count else "M"
        status = _STATUSES.pick(rng)
        if status == MemberStatus.RETIRED:  # retirement age: 60 for men, 50–55 for women
            age = rng.randint(60, 68) - 8 * (sex == "F")
        else:
            age = int(rng.triangular(19, 58, 32))
        birth = date(self.as_of.year - age - 1, 1, 1) + timedelta(days=rng.randrange(365))
        name = self.name(rng, sex, birth.year)
        if name not in self.initials:
            self.initials[name] = (name_initials(name), name_sort_key(name))
        adult = date(birth.year + 18, birth.month, 1)
        return MemberPlan(
            union=enterprise.union,
            unit=rng.choice(department.units) if department.units else None,
            enterprise=index,
            name=name,
            initials=self.initials[name][0],
            name_key=self.initials[name][1],
            id_number=self.id_number(rng, birth, sex),
            sex=sex,
            birth_date=birth,
            phone=f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10**8):08d}" if rng.random() < 0.93 else "",
            ethnicity=_ETHNICITIES.pick(rng),
            education=self.education(rng, enterprise.trade, age),
            political_status=self.political(rng, age),
            department=department.name,
            post=rng.choice(department.posts),
            employment_form=enterprise.trade.forms.pick(rng),
            joined_on=_day_between(rng, max(adult, founded), self.as_of),
            status=status,
        )

    @staticmethod
    def name(rng, sex: str, born: int) -> str:
        surname = _SURNAMES.pick(rng)
        roll = rng.random()
        # Popular names recur, but given names are diverse: no single one is common across a whole city.
        if roll < 0.25:
            return surname + rng.choice(_GIVEN[sex][born >= 1980])
        if roll < 0.85:
            return surname + rng.choice(_GIVEN_CHARS[sex]) + rng.choice(_GIVEN_CHARS[sex])
        return surname + rng.choice(_GIVEN_CHARS[sex])

    def id_number(self, rng, birth: date, sex: str) -> str:
        while True:
            serial = rng.randrange(500) * 2 + (sex == "M")  # the 17th digit is odd for men
            body = f"{_REGIONS.pick(rng)}{birth:%Y%m%d}{serial:03d}"
            if int(body) not in self.used_ids:
                self.used_ids.add(int(body))
                return body + id_check_char(body)

    @staticmethod
    def education(rng, trade: Trade, age: int) -> str:
        if trade.educated:
            return rng.choices(("senior", "college", "bachelor", "master"), cum_weights=(10, 30, 85, 100))[0]
        older = age >= 45
        return rng.choices(
            ("primary", "junior", "senior", "college", "bachelor"),
            weights=(8, 45, 32, 10, 5) if older else (2, 30, 32, 21, 15),
        )[0]

    @staticmethod
    def political(rng, age: int) -> str:
        roll = rng.random()
        if roll < 0.08:
            return "cpc"
        if roll < 0.085:
            return "probationary"
        return "league" if age <= 28 and roll < 0.35 else "masses"


# --- Writing the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    towns: int
    unions: int
    branches: int
    teams: int
    enterprises: int
    unionised: int
    members: int
    logins: int


@transaction.atomic
def build_demo(
    *, seed: int = DEFAULT_SEED, members: int | None = None, as_of: date | None = None
) -> DemoSummary:
    """Write the demo area, its members, the demo logins and a few pending transfers; all or nothing.

    `as_of` anchors ages and join dates (default: 1 January of this year, so a rebuild within the year is
    identical). Refuses a database that already has organisations: codes and ID numbers would collide.
    """
    if Org.objects.exists():
        raise Conflict(_("数据库中已有组织数据：演示数据只能建在空数据库上。"))
    as_of = as_of or date(timezone.localdate().year, 1, 1)
    area = plan_area(seed=seed, members=members, as_of=as_of)
    org_pks = _insert_orgs(area)
    enterprise_pks = _insert_enterprises(area.enterprises, org_pks)
    member_count = _insert_members(plan_members(area, seed=seed), org_pks, enterprise_pks)
    users = _create_logins(area, org_pks, seed)
    _create_transfers(area, org_pks, users)
    landmarks = {key: Org.objects.get(pk=org_pks[index]) for key, index in area.landmarks.items()}
    for build in DEMO_BUILDERS:  # the other apps' demo data (core.registry), in INSTALLED_APPS order
        build(users=users, landmarks=landmarks, as_of=as_of, seed=seed)
    return DemoSummary(
        towns=area.count(OrgKind.FEDERATION) - 1,
        unions=area.count(OrgKind.UNION),
        branches=area.count(OrgKind.BRANCH),
        teams=area.count(OrgKind.TEAM),
        enterprises=len(area.enterprises),
        unionised=sum(e.union is not None for e in area.enterprises),
        members=member_count,
        logins=len(users),
    )


def _insert_orgs(area: Area) -> list[int]:
    """Bulk insert, computing the materialised paths in treebeard's format: add_child costs three queries a node."""
    paths: list[str] = []
    steps = [0] * len(area.orgs)
    roots = 0
    for plan in area.orgs:
        if plan.parent is None:
            roots += 1
            paths.append(Org._get_path(None, 1, roots))
        else:
            steps[plan.parent] += 1
            parent_path = paths[plan.parent]
            paths.append(Org._get_path(parent_path, len(parent_path) // Org.steplen + 1, steps[plan.parent]))
    orgs = [
        Org(
            path=path,
            depth=len(path) // Org.steplen,
            numchild=numchild,
            name=p.name,
            code=p.code,
            kind=p.kind,
            category=p.category,
            jurisdiction=p.jurisdiction,
            founded_on=p.founded_on,
            worker_count=p.worker_count,
        )
        for p, path, numchild in zip(area.orgs, paths, area.children, strict=True)
    ]
    return [org.pk for org in Org.objects.bulk_create(orgs, batch_size=_BATCH)]


def _insert_enterprises(plans: list[EnterprisePlan], org_pks: list[int]) -> list[int]:
    enterprises = [
        Enterprise(
            name=p.name,
            credit_code=p.credit_code,
            industry=p.trade.industry,
            ownership=p.ownership,
            worker_count=p.worker_count,
            women_worker_count=p.women_worker_count,
            area_id=org_pks[p.area],
            union_id=org_pks[p.union] if p.union is not None else None,
        )
        for p in plans
    ]
    return [e.pk for e in Enterprise.objects.bulk_create(enterprises, batch_size=_BATCH)]


def _member_values(row: MemberPlan, org_pks: list[int], enterprise_pks: list[int]) -> dict:
    """The row's columns, with plan indices turned into primary keys and the search tails derived."""
    values = row._asdict()
    values["union_id"] = org_pks[values.pop("union")]
    unit = values.pop("unit")
    values["unit_id"] = org_pks[unit] if unit is not None else None
    values["enterprise_id"] = enterprise_pks[values.pop("enterprise")]
    values["id_tail"], values["phone_tail"] = row.id_number[-4:], row.phone[-4:]
    return values


def _insert_members(rows: Iterator[MemberPlan], org_pks: list[int], enterprise_pks: list[int]) -> int:
    """PostgreSQL takes the rows through COPY, elsewhere bulk_create in batches (see docs/benchmarks.md)."""
    now = timezone.now()
    values = (
        _member_values(row, org_pks, enterprise_pks) | {"created_at": now, "updated_at": now} for row in rows
    )
    if connection.vendor == "postgresql":
        return _copy_members(values)
    count = 0
    for batch in batched((Member(**fields) for fields in values), _BATCH):
        count += len(Member.objects.bulk_create(batch))
    return count


def _copy_members(values: Iterator[dict]) -> int:
    first = next(values, None)
    if first is None:
        return 0
    columns = list(first)
    statement = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(Member._meta.db_table), ", ".join(map(connection.ops.quote_name, columns))
    )
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for fields in chain([first], values):
            copy.write_row([fields[column] for column in columns])
            count += 1
    return count


def _create_logins(area: Area, org_pks: list[int], seed: int) -> dict:
    """One login per role; the people on a union's roster are linked to a member there."""
    user_model = get_user_model()
    rng = random.Random(f"{seed}/logins")
    taken: set[int] = set()
    users = {}
    for login in DEMO_LOGINS:
        node_pk = org_pks[area.landmarks[login.node]]
        member = _roster_pick(node_pk, login, taken) if login.role in _ROSTER_ROLES else None
        if not login.role:
            user = user_model.objects.create_superuser(login.username, password=DEMO_PASSWORD)
        else:
            name = member.name if member else _People.name(rng, rng.choice("MF"), 1975)
            user = user_model.objects.create_user(login.username, password=DEMO_PASSWORD, first_name=name)
            RoleAssignment.objects.create(user=user, node_id=node_pk, role=login.role)
        if member:
            Member.objects.filter(pk=member.pk).update(user=user)
        users[login.username] = user
    return users


def _roster_pick(union_pk: int, login: DemoLogin, taken: set[int]) -> Member | None:
    members = Member.objects.filter(union_id=union_pk, status=MemberStatus.ACTIVE).exclude(pk__in=taken)
    if login.role == Role.WOMEN_COMMITTEE:
        members = members.filter(sex="F")
    member = members.order_by("pk").first()
    if member:
        taken.add(member.pk)
    return member


def _create_transfers(area: Area, org_pks: list[int], users: dict) -> None:
    """Pending 会员关系接转 both ways: one for the chair to answer, two awaiting the other side."""
    showcase, neighbour, school = (
        org_pks[area.landmarks[key]] for key in ("showcase", "neighbour", "school")
    )
    candidates = Member.objects.filter(status=MemberStatus.ACTIVE, user__isnull=True).order_by("pk")
    leaving = list(candidates.filter(union_id=showcase)[:2])
    arriving = list(candidates.filter(union_id=neighbour)[:1])
    requests = [
        (leaving[:1], showcase, neighbour, "from", "zhuxi", "调往关联企业工作"),
        (leaving[1:], showcase, school, "to", "xuexiao", "已入职本校后勤岗位"),
        (arriving, neighbour, showcase, "to", "zhuxi", "已调入本公司工作"),
    ]
    MembershipTransfer.objects.bulk_create(
        [
            MembershipTransfer(
                member=member,
                from_union_id=source,
                to_union_id=target,
                requested_by_side=side,
                requested_by=users[username],
                reason=reason,
            )
            for found, source, target, side, username, reason in requests
            for member in found
        ]
    )

"""Numbers of workers' congresses (职工代表大会) and teachers' congresses (教代会), docs/domain.md §2.3.

Shanghai (《上海市职工代表大会条例》2017) and Zhejiang (《浙江省企业民主管理条例》2010) were read in the official texts.
The national baseline has no statute text here: 《企业民主管理规定》(2012), 《学校教职工代表大会规定》(2012) and
common guidance are quoted by public pages only, so those rules are SECONDARY. Jiangsu's
《江苏省企业民主管理条例》 (in force 2008-01-01) is named, but none of its articles was read: its pack keeps the
national values, marked UNREAD (docs/domain.md, "Jiangsu").
"""

from datetime import date
from fractions import Fraction

from gonghui.core.rules import AT_LEAST, AT_MOST, MONTHS, SECONDARY, Rule, register, unread_in

NATIONAL_SINCE = date(2012, 2, 13)  # 《企业民主管理规定》
SHANGHAI_SINCE = date(2011, 5, 1)  # 《上海市职工代表大会条例》(2017-11-23 修订后条文未变的部分)
ZHEJIANG_SINCE = date(2010, 10, 1)  # 《浙江省企业民主管理条例》
SH = {"jurisdiction": "shanghai", "effective_from": SHANGHAI_SINCE}
ZJ = {"jurisdiction": "zhejiang", "effective_from": ZHEJIANG_SINCE}
SH_TEXT = "《上海市职工代表大会条例》"
ZJ_TEXT = "《浙江省企业民主管理条例》"

# --- Seats -----------------------------------------------------------------------------------------------

SEATS_MIN = register(
    Rule(
        id="congress.seats_min",
        value=30,
        unit="名",
        bound=AT_LEAST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="职工代表名额（不少于职工人数的5%，最少30名）",
        cite="《企业民主管理规定》（通行做法）",
    )
)
register(
    Rule(
        id="congress.seats_min",
        value=30,
        unit="名",
        bound=AT_LEAST,
        **SH,
        wording="职工人数在一百人至三千人的，职工代表名额以三十名为基数，职工人数每增加一百人，职工代表名额增加不得少于五名；职工人数在三千人以上的，职工代表名额不得少于一百七十五名",
        title="职工代表名额（100–3000人：30名起，每增100人至少增5名；3000人以上不少于175名）",
        cite=f"{SH_TEXT}第二十一条",
    )
)
register(
    Rule(
        id="congress.seats_min",
        value=30,
        unit="名",
        bound=AT_LEAST,
        **ZJ,
        wording="职工不满一百人的企业召开职工代表大会，代表名额不得少于三十名",
        title="职工代表名额（100–1000人：40名起每百人加7名；1000–5000人：100名起每千人加20名；5000人以上不少于200名）",
        cite=f"{ZJ_TEXT}第十条",
    )
)
NATIONAL_SEATS_SHARE = Fraction(5, 100)  # part of the national seats rule above


def required_seats(workforce: int, jurisdiction: str) -> int:
    """The least number of representatives for a workforce, by the jurisdiction's formula (SEATS_MIN cites it)."""
    if jurisdiction == "shanghai":
        if workforce >= 3000:
            return 175
        if workforce >= 100:
            return 30 + 5 * ((workforce - 100) // 100)
        return 30
    if jurisdiction == "zhejiang":
        if workforce >= 5000:
            return 200
        if workforce >= 1000:
            return 100 + 20 * ((workforce - 1000) // 1000)
        if workforce >= 100:
            return 40 + 7 * ((workforce - 100) // 100)
        return 30
    return max(30, -(-workforce * NATIONAL_SEATS_SHARE.numerator // NATIONAL_SEATS_SHARE.denominator))


# --- Composition -----------------------------------------------------------------------------------------

MANAGERS_MAX = register(
    Rule(
        id="congress.managers_max",
        value=Fraction(1, 5),
        bound=AT_MOST,
        unit="代表总数",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="中层以上管理人员占职工代表的比例",
        cite="《企业民主管理规定》（通行做法）",
    )
)
register(
    Rule(
        id="congress.managers_max",
        value=Fraction(1, 5),
        bound=AT_MOST,
        unit="代表总数",
        **SH,
        wording="中、高层管理人员不超过百分之二十",
        title="中、高层管理人员占职工代表的比例",
        cite=f"{SH_TEXT}第十六条",
    )
)
register(
    Rule(
        id="congress.managers_max",
        value=Fraction(1, 5),
        bound=AT_MOST,
        unit="代表总数",
        **ZJ,
        wording="企业中高级管理人员不得超过代表总数的百分之二十",
        title="中高级管理人员占职工代表的比例",
        cite=f"{ZJ_TEXT}第十一条",
    )
)

# Women in proportion to the workforce. Zhejiang says "不得低于" (a floor: AT_LEAST); Shanghai and common guidance
# say "相适应" (about equal: no bound sign), which we check as "not below the proportion, rounded".
WOMEN_SHARE = register(
    Rule(
        id="congress.women_share",
        value=1,
        unit="倍女职工比例",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="女职工代表比例与女职工比例相适应",
        cite="《企业民主管理规定》（通行做法）",
    )
)
register(
    Rule(
        id="congress.women_share",
        value=1,
        unit="倍女职工比例",
        **SH,
        wording="女职工代表比例一般与本单位女职工人数所占比例相适应",
        title="女职工代表比例一般与本单位女职工人数所占比例相适应",
        cite=f"{SH_TEXT}第十六条",
    )
)
register(
    Rule(
        id="congress.women_share",
        value=1,
        unit="倍女职工比例",
        bound=AT_LEAST,
        **ZJ,
        wording="女职工代表的比例不得低于女职工在本单位职工中所占比例",
        title="女职工代表比例不得低于女职工所占比例",
        cite=f"{ZJ_TEXT}第十一条",
    )
)

# Only common guidance sets a number (Shanghai says "以一线职工为主体" without one); applies to enterprise congresses.
FRONTLINE_MIN = register(
    Rule(
        id="congress.frontline_min",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="代表总数",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="一线职工占职工代表的比例（通行做法）",
        cite="《企业民主管理规定》（通行做法）",
    )
)

TEACHERS_MIN = register(
    Rule(
        id="congress.teachers_min",
        value=Fraction(3, 5),
        bound=AT_LEAST,
        unit="代表总数",
        verified=SECONDARY,
        effective_from=date(2012, 1, 1),
        title="教师代表占教职工代表的比例",
        cite="《学校教职工代表大会规定》（教育部令第32号）",
    )
)

# --- Meetings ---------------------------------------------------------------------------------------------

# The quorum (⅔ present) and the passing rule are the ballot engine's: voting.congress_attendance and
# voting.congress_majority in voting/rules.py.

SESSION_INTERVAL = register(
    Rule(
        id="congress.session_interval",
        value=12,
        convention=MONTHS,
        bound=AT_MOST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="职工代表大会每年至少召开一次",
        cite="《学校教职工代表大会规定》（每学年至少一次）及各地条例",
    )
)
register(
    Rule(
        id="congress.session_interval",
        value=12,
        convention=MONTHS,
        bound=AT_MOST,
        **SH,
        wording="职工代表大会每年至少召开一次会议",
        title="职工代表大会每年至少召开一次",
        cite=f"{SH_TEXT}第二十二条",
    )
)
register(
    Rule(
        id="congress.session_interval",
        value=12,
        convention=MONTHS,
        bound=AT_MOST,
        **ZJ,
        wording="职工代表大会每年至少召开一次",
        title="职工代表大会每年至少召开一次",
        cite=f"{ZJ_TEXT}第十五条",
    )
)

TERM_MIN_YEARS = register(
    Rule(
        id="congress.term_min_years",
        value=3,
        unit="年",
        bound=AT_LEAST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="职工代表大会每届任期（下限）",
        cite="各地职代会条例通行规定",
    )
)
register(
    Rule(
        id="congress.term_min_years",
        value=3,
        unit="年",
        bound=AT_LEAST,
        **SH,
        wording="职工代表大会每届任期为三年至五年",
        title="职工代表大会每届任期（下限）",
        cite=f"{SH_TEXT}第二十二条",
    )
)
TERM_MAX_YEARS = register(
    Rule(
        id="congress.term_max_years",
        value=5,
        unit="年",
        bound=AT_MOST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="职工代表大会每届任期（上限）",
        cite="各地职代会条例通行规定",
    )
)
register(
    Rule(
        id="congress.term_max_years",
        value=5,
        unit="年",
        bound=AT_MOST,
        **SH,
        wording="职工代表大会每届任期为三年至五年",
        title="职工代表大会每届任期（上限，延期换届不超过一年另计）",
        cite=f"{SH_TEXT}第二十二条",
    )
)

# --- Jiangsu -----------------------------------------------------------------------------------------------

# 《江苏省企业民主管理条例》(2007-09-27 江苏省第十届人大常委会第三十二次会议通过, 公告第139号) took effect on
# 2008-01-01. No article of it was read, so each rule keeps the national value and says so (core.rules.UNREAD);
# required_seats() uses the national formula for Jiangsu. Teachers' congresses follow the Ministry's rule.
JIANGSU_SINCE = date(2008, 1, 1)
JS_TEXT = "《江苏省企业民主管理条例》"
JIANGSU_RULES = tuple(
    register(unread_in(national, jurisdiction="jiangsu", effective_from=JIANGSU_SINCE, text=JS_TEXT))
    for national in (
        SEATS_MIN,
        MANAGERS_MAX,
        WOMEN_SHARE,
        FRONTLINE_MIN,
        SESSION_INTERVAL,
        TERM_MIN_YEARS,
        TERM_MAX_YEARS,
    )
)

"""Clocks and thresholds of collective contracts (集体合同, 专项集体合同), docs/domain.md §2.1.

The national pack is 《集体合同规定》(劳动和社会保障部令第22号, 2004); its official text was not
read, so its articles are SECONDARY (quoted consistently by several public pages). The Zhejiang,
Shanghai and Beijing regulations were read in their official texts and override the national rule for unions in those
provinces. A clock with no national counterpart (Zhejiang's publication within 5 working days) applies only
where it is registered.
"""

from datetime import date
from fractions import Fraction

from gonghui.core.rules import (
    AT_LEAST,
    AT_MOST,
    CALENDAR_DAYS,
    MONTHS,
    MORE_THAN,
    SECONDARY,
    WORKING_DAYS,
    Rule,
    register,
)

# When each text took effect; a rule is applied only from that day.
NATIONAL_SINCE = date(2004, 5, 1)  # 《集体合同规定》
ZHEJIANG_SINCE = date(2011, 1, 1)  # 《浙江省集体合同条例》(2010-11-25 修订)
ZHEJIANG_DEMOCRACY_SINCE = date(2010, 10, 1)  # 《浙江省企业民主管理条例》
SHANGHAI_SINCE = date(2008, 1, 1)  # 《上海市集体合同条例》第四十二条
BEIJING_SINCE = date(2005, 11, 1)  # 《北京市集体合同条例》第五十八条

NATIONAL_TEXT = "《集体合同规定》"
ZJ = {"jurisdiction": "zhejiang", "effective_from": ZHEJIANG_SINCE}
SH = {"jurisdiction": "shanghai", "effective_from": SHANGHAI_SINCE}
BJ = {"jurisdiction": "beijing", "effective_from": BEIJING_SINCE}

# --- Bargaining: request, teams ------------------------------------------------------------------------

# The side that receives a written request to bargain (要约) must answer in writing.
OFFER_REPLY = register(
    Rule(
        id="agreement.offer_reply",
        value=20,
        convention=CALENDAR_DAYS,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="收到集体协商要求后书面答复的期限",
        cite=f"{NATIONAL_TEXT}第三十二条",
    )
)
register(
    Rule(
        id="agreement.offer_reply",
        value=10,
        convention=WORKING_DAYS,
        **ZJ,
        title="收到集体协商要求后书面答复的期限",
        cite="《浙江省集体合同条例》第七条",
    )
)
register(
    Rule(
        id="agreement.offer_reply",
        value=15,
        convention=CALENDAR_DAYS,
        **SH,
        title="收到集体协商建议书后书面答复的期限",
        cite="《上海市集体合同条例》第十五条",
    )
)
register(
    Rule(
        id="agreement.offer_reply",
        value=20,
        convention=CALENDAR_DAYS,
        **BJ,
        title="收到集体协商要求后书面答复的期限",
        cite="《北京市集体合同条例》第三十二条",
    )
)

TEAM_MIN_SIZE = register(
    Rule(
        id="agreement.team_min_size",
        value=3,
        unit="人",
        bound=AT_LEAST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="每方协商代表人数（双方对等）",
        cite=f"{NATIONAL_TEXT}第十九条",
    )
)

# Outside experts a chief negotiator may appoint, as a share of the own side; the chief cannot be one.
OUTSIDE_EXPERTS_MAX = register(
    Rule(
        id="agreement.outside_experts_max",
        value=Fraction(1, 3),
        bound=AT_MOST,
        unit="本方代表人数",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="本单位以外专业人员占本方协商代表的比例",
        cite=f"{NATIONAL_TEXT}第二十三条",
    )
)

VACANCY_FILL = register(
    Rule(
        id="agreement.vacancy_fill",
        value=15,
        convention=CALENDAR_DAYS,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="协商代表空缺后产生新代表的期限",
        cite=f"{NATIONAL_TEXT}第三十一条",
    )
)

# A suspended negotiation must resume within the limit; the national text sets none.
register(
    Rule(
        id="agreement.suspension_max",
        value=60,
        convention=CALENDAR_DAYS,
        jurisdiction="zhejiang",
        effective_from=ZHEJIANG_DEMOCRACY_SINCE,
        title="中止协商的最长期限",
        cite="《浙江省企业民主管理条例》第二十九条",
    )
)
register(
    Rule(
        id="agreement.suspension_max",
        value=60,
        convention=CALENDAR_DAYS,
        **BJ,
        title="中止协商的最长期限",
        cite="《北京市集体合同条例》第三十七条",
    )
)

# --- Worker approval of the draft ------------------------------------------------------------------------

register(
    Rule(
        id="agreement.draft_to_congress",
        value=15,
        convention=WORKING_DAYS,
        **ZJ,
        title="协商一致后提交职工代表大会或职工大会的期限",
        cite="《浙江省集体合同条例》第二十四条",
    )
)
register(
    Rule(
        id="agreement.resubmission",
        value=5,
        convention=WORKING_DAYS,
        **ZJ,
        title="草案未获通过、重新协商一致后再次提交的期限",
        cite="《浙江省集体合同条例》第二十四条",
    )
)

# "三分之二以上…出席": at least two thirds of the representatives (or of all employees) attend.
APPROVAL_ATTENDANCE = register(
    Rule(
        id="agreement.approval_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="职工代表或职工出席",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="审议集体合同草案的出席比例",
        cite=f"{NATIONAL_TEXT}第三十六条",
    )
)
register(
    Rule(
        id="agreement.approval_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="职工代表或职工出席",
        **ZJ,
        title="审议集体合同草案的出席比例",
        cite="《浙江省集体合同条例》第二十四条",
    )
)
register(
    Rule(
        id="agreement.approval_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="职工代表或职工出席",
        **BJ,
        title="审议集体合同草案的出席比例",
        cite="《北京市集体合同条例》第三十八条",
    )
)

# The share is of ALL representatives (or employees), not of those present. "半数以上" includes exactly half
# (民法典 第一千二百五十九条); Zhejiang's "过半数" does not.
APPROVAL_MAJORITY = register(
    Rule(
        id="agreement.approval_majority",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="通过集体合同草案的同意比例（半数以上）",
        cite=f"{NATIONAL_TEXT}第三十六条",
    )
)
register(
    Rule(
        id="agreement.approval_majority",
        value=Fraction(1, 2),
        bound=MORE_THAN,
        unit="全体职工代表或全体职工同意",
        **ZJ,
        title="通过集体合同草案的同意比例（过半数）",
        cite="《浙江省集体合同条例》第二十四条",
    )
)
register(
    Rule(
        id="agreement.approval_majority",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        **SH,
        title="通过集体合同草案的同意比例（半数以上）",
        cite="《上海市集体合同条例》第二十二条",
    )
)
register(
    Rule(
        id="agreement.approval_majority",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        **BJ,
        title="通过集体合同草案的同意比例（半数以上）",
        cite="《北京市集体合同条例》第三十八条",
    )
)

# --- Filing, review, effect, publication -------------------------------------------------------------------

# The employer files the signed contract with the labour administration.
FILING = register(
    Rule(
        id="agreement.filing",
        value=10,
        convention=CALENDAR_DAYS,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="双方签字后报送劳动行政部门的期限",
        cite=f"{NATIONAL_TEXT}第四十二条",
    )
)
register(
    Rule(
        id="agreement.filing",
        value=10,
        convention=CALENDAR_DAYS,
        **ZJ,
        title="双方首席代表签字后报送人力资源社会保障部门的期限",
        cite="《浙江省集体合同条例》第三十四条",
    )
)
register(
    Rule(
        id="agreement.filing",
        value=10,
        convention=CALENDAR_DAYS,
        **SH,
        title="收到职工一方书面告知后报送人力资源社会保障部门的期限",
        cite="《上海市集体合同条例》第二十三条",
    )
)
register(
    Rule(
        id="agreement.filing",
        value=10,
        convention=CALENDAR_DAYS,
        **BJ,
        title="双方签字后向区、县劳动保障行政部门备案的期限",
        cite="《北京市集体合同条例》第三十九条",
    )
)

FILING_COPIES = register(
    Rule(
        id="agreement.filing_copies",
        value=3,
        unit="份",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="报送审查的集体合同文本份数",
        cite=f"{NATIONAL_TEXT}第四十二条",
    )
)
register(
    Rule(
        id="agreement.filing_copies",
        value=5,
        unit="份",
        **ZJ,
        title="报送审查的集体合同文本份数",
        cite="《浙江省集体合同条例》第三十四条",
    )
)

# No objection from the labour administration within the period: the contract takes effect.
REVIEW = register(
    Rule(
        id="agreement.review",
        value=15,
        convention=CALENDAR_DAYS,
        effective_from=NATIONAL_SINCE,
        title="劳动行政部门收到文本后提出异议的期限（逾期未提出即生效）",
        cite=f"《劳动合同法》第五十四条；{NATIONAL_TEXT}第四十五条、第四十七条",
    )
)
register(
    Rule(
        id="agreement.review",
        value=15,
        convention=CALENDAR_DAYS,
        **ZJ,
        title="主管部门收到文本后提出异议的期限（逾期未提出即生效）",
        cite="《浙江省集体合同条例》第三十四条",
    )
)
register(
    Rule(
        id="agreement.review",
        value=15,
        convention=CALENDAR_DAYS,
        **SH,
        title="主管部门收到文本后提出异议的期限（逾期未提出即生效）",
        cite="《上海市集体合同条例》第二十三条",
    )
)
register(
    Rule(
        id="agreement.review",
        value=15,
        convention=CALENDAR_DAYS,
        **BJ,
        title="自备案之日起提出异议的期限（逾期未提出即生效）",
        cite="《北京市集体合同条例》第三十九条",
    )
)

register(
    Rule(
        id="agreement.publication",
        value=5,
        convention=WORKING_DAYS,
        **ZJ,
        title="集体合同生效后向全体职工公布的期限",
        cite="《浙江省集体合同条例》第三十五条",
    )
)

# --- Term, renewal, dissolution ----------------------------------------------------------------------------

TERM_MIN = register(
    Rule(
        id="agreement.term_min",
        value=1,
        unit="年",
        bound=AT_LEAST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="集体合同期限下限",
        cite=f"{NATIONAL_TEXT}第三十八条",
    )
)
register(
    Rule(
        id="agreement.term_min",
        value=1,
        unit="年",
        bound=AT_LEAST,
        **ZJ,
        title="集体合同期限下限",
        cite="《浙江省集体合同条例》第三十条",
    )
)
register(
    Rule(
        id="agreement.term_min",
        value=1,
        unit="年",
        bound=AT_LEAST,
        **SH,
        title="集体合同期限下限（一般）",
        cite="《上海市集体合同条例》第二十五条",
    )
)

TERM_MAX = register(
    Rule(
        id="agreement.term_max",
        value=3,
        unit="年",
        bound=AT_MOST,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="集体合同期限上限",
        cite=f"{NATIONAL_TEXT}第三十八条",
    )
)
register(
    Rule(
        id="agreement.term_max",
        value=3,
        unit="年",
        bound=AT_MOST,
        **ZJ,
        title="集体合同期限上限",
        cite="《浙江省集体合同条例》第三十条",
    )
)
register(
    Rule(
        id="agreement.term_max",
        value=3,
        unit="年",
        bound=AT_MOST,
        **SH,
        title="集体合同期限上限（一般）",
        cite="《上海市集体合同条例》第二十五条",
    )
)
# Beijing sets no range, only the usual term: "集体合同期限一般为三年".
register(
    Rule(
        id="agreement.term_max",
        value=3,
        unit="年",
        bound=AT_MOST,
        **BJ,
        title="集体合同期限（一般为三年）",
        cite="《北京市集体合同条例》第三十六条",
    )
)

register(
    Rule(
        id="agreement.wage_term",
        value=1,
        unit="年",
        **ZJ,
        title="工资专项集体合同的一般期限",
        cite="《浙江省集体合同条例》第三十条",
    )
)
register(
    Rule(
        id="agreement.wage_term",
        value=1,
        unit="年",
        **SH,
        title="工资专项集体合同的一般期限",
        cite="《上海市集体合同条例》第二十五条",
    )
)

# Either side may ask to renew within the window before expiry: counted back from the expiry date.
RENEWAL_WINDOW = register(
    Rule(
        id="agreement.renewal_window",
        value=3,
        convention=MONTHS,
        counts_back=True,
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        title="期满前可提出续订要求的期间",
        cite=f"{NATIONAL_TEXT}第三十八条",
    )
)
register(
    Rule(
        id="agreement.renewal_window",
        value=90,
        convention=CALENDAR_DAYS,
        counts_back=True,
        **ZJ,
        title="期满前可提出重新签订或续订要求的期间",
        cite="《浙江省集体合同条例》第三十条",
    )
)
register(
    Rule(
        id="agreement.renewal_window",
        value=3,
        convention=MONTHS,
        counts_back=True,
        **BJ,
        title="期满前可提出续订要求的期间",
        cite="《北京市集体合同条例》第四十三条",
    )
)

register(
    Rule(
        id="agreement.dissolution_filing",
        value=5,
        convention=WORKING_DAYS,
        **ZJ,
        title="解除集体合同后报主管部门备案的期限",
        cite="《浙江省集体合同条例》第三十三条",
    )
)
register(
    Rule(
        id="agreement.dissolution_filing",
        value=10,
        convention=CALENDAR_DAYS,
        **BJ,
        title="解除、终止集体合同后报劳动保障行政部门备案的期限",
        cite="《北京市集体合同条例》第四十八条",
    )
)

# --- Performance --------------------------------------------------------------------------------------------

# The chiefs report on performance to the congress at least once a year; the national text sets no interval.
register(
    Rule(
        id="agreement.performance_report",
        value=12,
        convention=MONTHS,
        **ZJ,
        title="首席代表向职工代表大会报告集体合同履行情况的间隔（每年至少一次）",
        cite="《浙江省集体合同条例》第三十七条",
    )
)
register(
    Rule(
        id="agreement.performance_report",
        value=12,
        convention=MONTHS,
        **BJ,
        title="向职工代表大会报告集体合同履行情况的间隔（每年至少一次）",
        cite="《北京市集体合同条例》第四十一条",
    )
)

# --- Statistics ---------------------------------------------------------------------------------------------

# "Expiring soon" on the federation's statistics page: the longest renewal window in the packs, 90 days
# before expiry (《浙江省集体合同条例》第三十条; the national 3 months of 《集体合同规定》第三十八条 and
# 《北京市集体合同条例》第四十三条 are 89–92 days). One horizon for the whole area, so towns compare alike.
EXPIRING_WITHIN_DAYS = 90
# The trend on the statistics page: the last twelve months, as the annual plans count by year.
TREND_MONTHS = 12

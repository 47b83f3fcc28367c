"""Clocks and thresholds of collective contracts (集体合同, 专项集体合同), docs/domain.md §2.1.

The national pack is 《集体合同规定》(劳动和社会保障部令第22号, 2004); its official text was not
read, so its articles are SECONDARY (quoted consistently by several public pages). The Zhejiang,
Shanghai and Beijing regulations were read in their official texts and override the national rule for unions in those
provinces. A clock with no national counterpart (Zhejiang's publication within 5 working days) applies only
where it is registered. Jiangsu's 《江苏省集体协商条例》 (in force 2023-05-01) is named, but no article of it was
read: its pack (end of this file) keeps the national values, marked UNREAD (docs/domain.md, "Jiangsu").
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
    unread_in,
)
from gonghui.voting.models import PollKind
from gonghui.voting.rules import decided_by

from .models import Agreement, Level

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
        wording="集体协商双方的代表人数应当对等，每方至少3人",
        title="每方协商代表人数（双方对等）",
        cite=f"{NATIONAL_TEXT}第十九条",
    )
)

register(
    Rule(
        id="agreement.team_min_size",
        value=3,
        unit="人",
        bound=AT_LEAST,
        **ZJ,
        wording="参加集体协商的每方代表人数不得少于三人",
        title="每方协商代表人数",
        cite="《浙江省集体合同条例》第十条",
    )
)

# Zhejiang raises the floor for an enterprise above designated size (规模以上企业: orgs.Enterprise records the
# statistics bureau's listing, docs/domain.md §2.1).
TEAM_MIN_SIZE_LARGE = register(
    Rule(
        id="agreement.team_min_size_large",
        value=5,
        unit="人",
        bound=AT_LEAST,
        **ZJ,
        wording="规模以上企业参加集体协商的每方代表人数不得少于五人",
        title="规模以上企业每方协商代表人数",
        cite="《浙江省集体合同条例》第十条",
    )
)

# Beijing names a usual range, not a binding cap: "集体协商双方的代表人数对等，一般为三至十人" — a larger team
# is flagged, not refused.
TEAM_USUAL_MAX = register(
    Rule(
        id="agreement.team_usual_max",
        value=10,
        unit="人",
        bound=AT_MOST,
        **BJ,
        wording="集体协商双方的代表人数对等，一般为三至十人",
        norm=True,
        title="每方协商代表的一般人数上限",
        cite="《北京市集体合同条例》第七条",
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
        wording="委托人数不得超过本方代表的三分之一",
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

# A suspended negotiation must resume within 60 days in Zhejiang (《浙江省企业民主管理条例》第二十九条) and Beijing
# (第三十七条). Not registered: nothing here records a suspension (there is no suspended state), so no clock could
# run; docs/domain.md §2.1 keeps the figure.

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
        wording="应当有三分之二以上职工代表或者职工出席",
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
        wording="应当有三分之二以上职工代表或者全体职工三分之二以上人员出席",
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
        wording="应当有三分之二以上职工代表或者职工出席",
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
        wording="须经全体职工代表半数以上或者全体职工半数以上同意",
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
        wording="并经职工代表大会全体代表过半数或者全体职工过半数同意通过",
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
        wording="集体合同草案经全体职工代表半数以上或者全体职工半数以上同意，方获通过",
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
        wording="并经全体职工代表半数以上或者全体职工半数以上同意，集体合同草案方获通过",
        title="通过集体合同草案的同意比例（半数以上）",
        cite="《北京市集体合同条例》第三十八条",
    )
)

# A regional or industry contract: "经全体代表半数以上同意通过" by the regional or industry congress, or by the
# congresses (or all workers) of the enterprises it binds. Zhejiang words it differently from its enterprise
# contracts (第二十四条 "过半数"); elsewhere it is the enterprise rule's "半数以上".
APPROVAL_MAJORITY_SECTOR = register(
    Rule(
        id="agreement.approval_majority_sector",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        wording="须经全体职工代表半数以上或者全体职工半数以上同意",
        title="通过行业性、区域性集体合同草案的同意比例（半数以上）",
        cite=f"{NATIONAL_TEXT}第三十六条",
    )
)
register(
    Rule(
        id="agreement.approval_majority_sector",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体代表或全体职工同意",
        **ZJ,
        wording="可以组织召开行业、区域职工代表大会，经全体代表半数以上同意通过；也可以经受该合同约束的用人单位职工代表大会全体代表半数以上或者职工大会全体职工半数以上同意通过",
        title="通过行业性、区域性集体合同草案的同意比例（半数以上）",
        cite="《浙江省集体合同条例》第二十九条",
    )
)
register(
    Rule(
        id="agreement.approval_majority_sector",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        **SH,
        wording="应当经本区域职工代表大会，或者认可该草案的企业全体职工代表半数以上或者全体职工半数以上同意，方获通过",
        title="通过行业性、区域性集体合同草案的同意比例（半数以上）",
        cite="《上海市集体合同条例》第二十八条、第三十条",
    )
)
register(
    Rule(
        id="agreement.approval_majority_sector",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体职工代表或全体职工同意",
        **BJ,
        wording="签订区域、行业集体合同的，参照本条例执行（第五十七条）；经全体职工代表半数以上或者全体职工半数以上同意，集体合同草案方获通过（第三十八条）",
        title="通过区域、行业集体合同草案的同意比例（参照执行：半数以上）",
        cite="《北京市集体合同条例》第五十七条、第三十八条",
    )
)


def review_rules(poll) -> tuple[str, str]:
    """The rules that judge an agreement's review poll, on the poll page as in the agreement's record: one
    verdict. Enterprise contracts and regional or industry ones have their own majority."""
    level = Agreement.objects.filter(review_poll=poll).values_list("level", flat=True).first()
    sector = level in (Level.REGIONAL, Level.INDUSTRY)
    majority = "agreement.approval_majority_sector" if sector else "agreement.approval_majority"
    return "agreement.approval_attendance", majority


decided_by(PollKind.AGREEMENT_REVIEW, review_rules)

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

# Where the filing period runs from the employer's receipt of the workers' written notice that the congress
# approved the draft, not from the signatures: 《上海市集体合同条例》第二十三条 "企业自收到书面告知之日起十日内".
FILING_FROM_NOTICE = frozenset({"shanghai"})

FILING_COPIES = register(
    Rule(
        id="agreement.filing_copies",
        value=3,
        unit="份",
        verified=SECONDARY,
        effective_from=NATIONAL_SINCE,
        wording="应当自双方首席代表签字之日起10日内，由用人单位一方将文本一式三份报送劳动保障行政部门审查",
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
        wording="由用人单位一方将集体合同文本一式五份及说明等材料报送有管辖权的人力资源和社会保障主管部门",
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

# The objection period runs from the administration's receipt of the text (《劳动合同法》第五十四条 "劳动行政部门
# 自收到集体合同文本之日起十五日内"; 规定 第四十五条; 浙江 第三十四条; 上海 第二十三条), which may be days after the
# union posts it. Only Beijing counts from the filing itself (第三十九条 "自备案之日起十五日内").
REVIEW_FROM_FILING = frozenset({"beijing"})

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
        wording="集体合同或专项集体合同期限一般为1至3年",
        norm=True,
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
        wording="集体合同期限为一至三年",
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
        wording="集体合同期限一般为一至三年",
        norm=True,
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
        wording="集体合同或专项集体合同期限一般为1至3年",
        norm=True,
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
        wording="集体合同期限为一至三年",
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
        wording="集体合同期限一般为一至三年",
        norm=True,
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
        wording="集体合同期限一般为三年",
        norm=True,
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
        wording="工资专项集体合同期限一般为一年",
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
        wording="集体合同期限一般为一至三年，工资专项集体合同期限一般为一年",
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

# Beijing files a termination at expiry too ("解除、终止"); Zhejiang only a dissolution ("解除").
DISSOLUTION_FILING_ON_TERMINATION = frozenset({"beijing"})

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

# --- Jiangsu -----------------------------------------------------------------------------------------------

# 《江苏省集体协商条例》(2023-01-12 江苏省第十三届人大常委会第三十四次会议通过) replaced the 2004
# 《江苏省集体合同条例》 and took effect on 2023-05-01. Its articles on these numbers were not read, so each rule
# keeps the national value and says so (core.rules.UNREAD). Before that day a Jiangsu union follows the national
# rule; the 2004 text was not read either. Zhejiang's clocks with no national counterpart do not apply.
JIANGSU_SINCE = date(2023, 5, 1)
JIANGSU_TEXT = "《江苏省集体协商条例》"
JIANGSU_RULES = tuple(
    register(unread_in(national, jurisdiction="jiangsu", effective_from=JIANGSU_SINCE, text=JIANGSU_TEXT))
    for national in (
        OFFER_REPLY,
        TEAM_MIN_SIZE,
        OUTSIDE_EXPERTS_MAX,
        VACANCY_FILL,
        APPROVAL_ATTENDANCE,
        APPROVAL_MAJORITY,
        APPROVAL_MAJORITY_SECTOR,
        FILING,
        FILING_COPIES,
        REVIEW,
        TERM_MIN,
        TERM_MAX,
        RENEWAL_WINDOW,
    )
)

# --- Statistics ---------------------------------------------------------------------------------------------

# "Expiring soon" on the federation's statistics page: the longest renewal window in the packs, 90 days
# before expiry (《浙江省集体合同条例》第三十条; the national 3 months of 《集体合同规定》第三十八条 and
# 《北京市集体合同条例》第四十三条 are 89–92 days). One horizon for the whole area, so towns compare alike.
EXPIRING_WITHIN_DAYS = 90
# The trend on the statistics page: the last twelve months, as the annual plans count by year.
TREND_MONTHS = 12

"""Thresholds of votes and elections (docs/domain.md §2.3, §2.4), each citing its source.

Congress decisions: the national texts (《企业民主管理规定》2012, 《全民所有制工业企业职工代表大会条例》1986) were
not read, so their articles are SECONDARY. Shanghai and Zhejiang were read in their official texts: Shanghai's
"半数以上" includes exactly half, Zhejiang's "过半数" does not (core.rules explains the two bounds).

Union elections follow 《工会基层组织选举工作条例》(全总 2016), also SECONDARY. docs/domain.md §2.4 flags its minimum
差额 rate as unverified ("≥5 %" from memory, one headline says 10 %): the 5 % below must be checked against the
official text before an election relies on it.
"""

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

from gonghui.core.rules import AT_LEAST, MORE_THAN, SECONDARY, Rule, register, unread_in

DEMOCRATIC_MANAGEMENT_SINCE = date(2012, 2, 13)  # 《企业民主管理规定》
UNION_ELECTION_SINCE = date(2016, 10, 9)  # 《工会基层组织选举工作条例》
SHANGHAI_CONGRESS = {"jurisdiction": "shanghai", "effective_from": date(2011, 5, 1)}
ZHEJIANG_CONGRESS = {"jurisdiction": "zhejiang", "effective_from": date(2010, 10, 1)}

# --- Workers' congress (职工代表大会): quorum and approval (Policy.CONGRESS) --------------------------------

CONGRESS_ATTENDANCE = register(
    Rule(
        id="voting.congress_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="全体代表出席",
        verified=SECONDARY,
        effective_from=DEMOCRATIC_MANAGEMENT_SINCE,
        title="职工代表大会召开须到会的比例",
        cite="《全民所有制工业企业职工代表大会条例》第十八条；《企业民主管理规定》",
    )
)
register(
    Rule(
        id="voting.congress_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="全体代表出席",
        **SHANGHAI_CONGRESS,
        wording="职工代表大会须有全体职工代表三分之二以上出席，方可召开",
        title="职工代表大会召开须到会的比例",
        cite="《上海市职工代表大会条例》第二十八条",
    )
)
register(
    Rule(
        id="voting.congress_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="全体代表出席",
        **ZHEJIANG_CONGRESS,
        wording="职工代表大会应当有三分之二以上的代表出席方可召开",
        title="职工代表大会召开须到会的比例",
        cite="《浙江省企业民主管理条例》第十五条",
    )
)

# The denominator is ALL representatives (应到), not those present: absent ones count as "not yes".
CONGRESS_MAJORITY = register(
    Rule(
        id="voting.congress_majority",
        value=Fraction(1, 2),
        bound=MORE_THAN,
        unit="全体代表同意",
        verified=SECONDARY,
        effective_from=DEMOCRATIC_MANAGEMENT_SINCE,
        wording="全体职工代表过半数通过",
        title="职工代表大会通过事项的同意比例（全体代表过半数）",
        cite="《企业民主管理规定》第二十条",
    )
)
register(
    Rule(
        id="voting.congress_majority",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="全体代表同意",
        **SHANGHAI_CONGRESS,
        wording="须获得全体职工代表半数以上赞成票方可通过",
        title="职工代表大会通过事项的同意比例（全体代表半数以上）",
        cite="《上海市职工代表大会条例》第三十一条",
    )
)
register(
    Rule(
        id="voting.congress_majority",
        value=Fraction(1, 2),
        bound=MORE_THAN,
        unit="全体代表同意",
        **ZHEJIANG_CONGRESS,
        wording="并经全体职工代表大会代表过半数同意始得通过",
        title="职工代表大会通过事项的同意比例（全体代表过半数）",
        cite="《浙江省企业民主管理条例》第十五条",
    )
)

# Which rules decide a Policy.CONGRESS poll depends on the kind of decision: the statute of the union's
# jurisdiction for that kind of decision decides both the quorum and the majority, in force on the day of the
# vote. A congress item follows the congress rules above; an app whose decisions another text governs names
# its own pair (agreements: the review of a collective contract, 《集体合同规定》第三十六条), so the poll page
# and the app's record give one verdict.
CONGRESS_RULES = ("voting.congress_attendance", "voting.congress_majority")
DECISION_RULES: dict[str, Callable[[Any], tuple[str, str]]] = {}


def decided_by(kind: str, rules_of: Callable[[Any], tuple[str, str]]) -> None:
    """Polls of `kind` under Policy.CONGRESS are judged by the (attendance, majority) rule ids that
    `rules_of(poll)` names instead of the congress rules (the decision may depend on what the poll decides)."""
    DECISION_RULES[kind] = rules_of


def decision_rules(poll) -> tuple[str, str]:
    """(attendance rule id, majority rule id) that judge a Policy.CONGRESS poll."""
    rules_of = DECISION_RULES.get(poll.kind)
    return rules_of(poll) if rules_of else CONGRESS_RULES


# Policy.MAJORITY_OF_CAST: the ordinary rule of 少数服从多数 among those who voted, for matters no statute
# reserves to the whole congress (e.g. a union committee's own decisions).
MAJORITY_OF_CAST = register(
    Rule(
        id="voting.majority_of_cast",
        value=Fraction(1, 2),
        bound=MORE_THAN,
        unit="投票人同意",
        verified=SECONDARY,
        effective_from=DEMOCRATIC_MANAGEMENT_SINCE,
        wording="少数服从多数",
        title="投票人数过半数同意",
        cite="《企业民主管理规定》第二十条（少数服从多数）",
    )
)

# Jiangsu: 《江苏省企业民主管理条例》(in force 2008-01-01) was not read; its quorum and majority keep the national
# values, marked UNREAD (congress/rules.py, docs/domain.md "Jiangsu").
JIANGSU_CONGRESS_RULES = tuple(
    register(
        unread_in(
            national,
            jurisdiction="jiangsu",
            effective_from=date(2008, 1, 1),
            text="《江苏省企业民主管理条例》",
        )
    )
    for national in (CONGRESS_ATTENDANCE, CONGRESS_MAJORITY)
)

# --- Union elections (工会基层组织选举) -----------------------------------------------------------------

ELECTION_ATTENDANCE = register(
    Rule(
        id="voting.election_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="有选举权的会员或代表到会",
        verified=SECONDARY,
        effective_from=UNION_ELECTION_SINCE,
        title="选举有效须到会的比例",
        cite="《工会基层组织选举工作条例》",
    )
)

# A candidate needs more than half of those ENTITLED to attend (应到会有选举权人数), not of those present.
ELECTION_MAJORITY = register(
    Rule(
        id="voting.election_majority",
        value=Fraction(1, 2),
        bound=MORE_THAN,
        unit="应到会有选举权人数的赞成票",
        verified=SECONDARY,
        effective_from=UNION_ELECTION_SINCE,
        title="候选人当选须得票超过应到会人数的半数",
        cite="《工会基层组织选举工作条例》",
    )
)

# Shanghai's elections of worker representatives (选区 elections) name both numbers themselves: "选举应当有选区
# 全体职工三分之二以上参加，候选人获得选区全体职工半数以上赞成票方可当选" — half of all is enough.
register(
    Rule(
        id="voting.election_attendance",
        value=Fraction(2, 3),
        bound=AT_LEAST,
        unit="选区全体职工参加",
        **SHANGHAI_CONGRESS,
        wording="选举应当有选区全体职工三分之二以上参加",
        title="选举职工代表须参加的比例（选区全体职工三分之二以上）",
        cite="《上海市职工代表大会条例》第十五条",
    )
)
register(
    Rule(
        id="voting.election_majority",
        value=Fraction(1, 2),
        bound=AT_LEAST,
        unit="选区全体职工的赞成票",
        **SHANGHAI_CONGRESS,
        wording="候选人获得选区全体职工半数以上赞成票方可当选",
        title="职工代表候选人当选须获得的赞成票（选区全体职工半数以上）",
        cite="《上海市职工代表大会条例》第十五条",
    )
)

# 差额选举: candidates must outnumber seats by at least this share of the seats (and by at least one).
ELECTION_MIN_SURPLUS = register(
    Rule(
        id="voting.election_min_surplus",
        value=Fraction(1, 20),
        bound=AT_LEAST,
        unit="差额率（多于应选名额的候选人 ÷ 应选名额）",
        verified=SECONDARY,
        effective_from=UNION_ELECTION_SINCE,
        title="差额选举的最低差额率（待核实：另有10%的说法）",
        cite="《工会基层组织选举工作条例》",
    )
)

# --- Engine defaults (not statutory) ------------------------------------------------------------------

# Per-choice counts are withheld below this many ballots (docs/reliability.md §1.4, "minimum group size"): with
# three voters a 2:1 result tells each voter a lot about the other two.
DEFAULT_MIN_GROUP_SIZE = 5
# 计票人、监票人: the issue asks for two tellers to confirm paper counts and the tally.
DEFAULT_TELLERS_REQUIRED = 2
# Default scale of a 民主评议 rating question, best first.
DEFAULT_RATING_LABELS = ["优秀", "称职", "基本称职", "不称职"]

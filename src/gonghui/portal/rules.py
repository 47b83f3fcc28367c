"""Numbers of joining online (网上入会), docs/domain.md §2.2 (工会法 第三条).

《中国工会章程》第二条 says a worker joins on their own application, approved by the basic-level union's
committee; no statute read for docs/domain.md fixes how fast the committee must answer. The default below is
the common practice of unions' own 入会工作细则 (答复申请人不超过一个月), marked SECONDARY: a union with its
own rule overrides it by registering a provincial or local version.
"""

from gonghui.core.rules import CALENDAR_DAYS, SECONDARY, Rule, register

JOIN_DECISION_DEADLINE = register(
    Rule(
        id="portal.join_decision_deadline",
        value=30,
        convention=CALENDAR_DAYS,
        verified=SECONDARY,
        title="基层工会对入会申请作出批准或不批准决定的期限（自收到申请之日起）",
        cite="《中国工会章程》第二条（经基层工会委员会批准）；期限为各地入会工作细则通行做法",
    )
)

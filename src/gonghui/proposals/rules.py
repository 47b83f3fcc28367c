"""Numbers of the proposal (提案) procedure of a workers' congress, docs/domain.md §2.3 and §4 item 4.

No statute read for docs/domain.md fixes how many co-signers a proposal needs or how fast it must be answered. The
co-signer minimum is common practice in congress proposal rules (提案工作细则); the answer deadline borrows
the nearest statute, Zhejiang's 30 days for answering representatives' questions on 厂务公开, which is an
analogy, not a rule about proposals. Both are SECONDARY: a union with its own 细则 overrides them by
registering a provincial or local version.
"""

from datetime import date

from gonghui.core.rules import AT_LEAST, CALENDAR_DAYS, SECONDARY, Rule, register

COSIGNERS_MIN = register(
    Rule(
        id="proposals.cosigners_min",
        value=2,
        unit="名",
        bound=AT_LEAST,
        verified=SECONDARY,
        title="提案须有职工代表附议（提案人以外的代表人数）",
        cite="职代会提案工作细则通行做法（“一人提议、两人以上附议”）",
    )
)

ANSWER_DEADLINE = register(
    Rule(
        id="proposals.answer_deadline",
        value=30,
        convention=CALENDAR_DAYS,
        verified=SECONDARY,
        effective_from=date(2010, 10, 1),
        title="立案提案交办后的答复期限（默认值）",
        cite="参照《浙江省企业民主管理条例》第二十三条（厂务公开意见建议三十日内答复）",
    )
)

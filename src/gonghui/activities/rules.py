"""Numbers of activities and check-in. None is set by statute: they are the platform's own operating choices,
recorded here once with why (docs/decisions.md, "Activity check-in codes")."""

from gonghui.core.rules import SECONDARY, Rule, register

# The QR code on the organiser's screen changes every this many seconds; a code is accepted for two periods,
# so a member who scanned just before it turned still gets in, and a photo of the screen sent to a friend
# at home stops working within a minute.
CHECKIN_CODE_PERIOD = register(
    Rule(
        id="activities.checkin_code_period",
        value=30,
        unit="秒",
        verified=SECONDARY,
        title="活动签到二维码更换周期",
        cite="本系统运行设置：签到码每30秒更换，有效期两个周期（docs/decisions.md）",
    )
)

"""One fixed "now" for tests whose data are dates written out (2025–2026).

Services refuse a date that has not come yet, terms are current or past, deadlines fall inside or outside a
window: such a test only means what it says on the day it was written for. `pinned` runs it on that day,
whatever the machine's clock or GONGHUI_TEST_NOW says. Tests that build their dates from today need no pin.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

# A Monday, not a holiday, in a year whose schedule is known; after every written-out date the tests rely on.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()

pinned = pytest.mark.time_machine(NOW)

# The day the demo was walked through role by role (issue 12): the school's congress was due on 2026-09-01,
# three of the town's agreements are in their renewal window, the showcase's offer waits for the employer.
# The demo dates itself from the clock, so a test of what each demo role sees builds the demo on this day.
DEMO_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
demo_pinned = pytest.mark.time_machine(DEMO_NOW)

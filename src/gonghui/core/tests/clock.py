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

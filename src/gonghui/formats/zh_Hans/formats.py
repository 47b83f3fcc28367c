"""Dates as 2026-11-06 wherever a template shows a date without naming a format (issue 12: pages showed
`2027-01-04` and `2026年11月6日` side by side). The same form as the spreadsheets, the API and the templates
that write `date:"Y-m-d"`; input formats stay Django's zh_Hans ones, which accept it. See docs/decisions.md."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"

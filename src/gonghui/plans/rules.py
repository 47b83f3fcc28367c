"""The plans app's numbers. None of them is a legal number: they are the product's own limits, named here so
that the services, the pages and the tests read the same value."""

# A plan's outline as unions write it: 一、（一）1.（1） — four levels (issue 15).
MAX_LEVEL = 4
# Evidence files a cadre attaches to a progress note: photos, scans and office documents, at most 10 MB.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Reminders: a milestone or an occurrence is announced this many days before its date.
REMIND_DAYS_BEFORE = 7

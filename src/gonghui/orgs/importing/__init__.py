"""Roster import: a spreadsheet of members, validated as a whole and then written completely or not at all.

The pipeline follows pretix's modelimport: read every row and check every cell without touching the
database (`cells`), then look up the people already registered (one query per 900 ID numbers, never one per
row) and write new and changed members with bulk statements in one short transaction (`pipeline`). Every
problem becomes a RowError that names the row as Excel numbers it, the column as the file names it, and
what to do. `batches` is the browser's flow around it: upload and preview, confirm, import in a task.

Members are matched by ID number (upsert): re-importing a file changes nothing and an edited file updates
only what changed. Columns the file lacks are left alone, members the file lacks stay on the roster. A person
on another union's roster is a transfer case (会员接转): reported and refused, never moved.
"""

from .batches import (
    import_batch_commit,
    import_batch_create,
    import_batch_get,
    import_batch_list,
    import_batch_run,
)
from .pipeline import roster_import
from .report import ImportReport, RowError, TransferCase

__all__ = [
    "ImportReport",
    "RowError",
    "TransferCase",
    "import_batch_commit",
    "import_batch_create",
    "import_batch_get",
    "import_batch_list",
    "import_batch_run",
    "roster_import",
]

"""What an import tells the user: counts, each problem by row and column, transfer cases, ignored columns."""

from dataclasses import asdict, dataclass, field


@dataclass
class RowError:
    row: int  # 1-based, as Excel shows it; 0 for a problem with the file as a whole
    column: str
    message: str
    name: str = ""  # the person the row is about (its 姓名 cell), so the user finds the row without Excel
    value: str = ""  # the wrong value as written, shortened


@dataclass
class TransferCase:
    row: int
    name: str
    id_number: str  # masked: the report is stored and shown, it must not become a copy of the roster
    union: str


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    transfer_cases: list[TransferCase] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict:
        return {
            "rows": self.rows,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }

    def to_dict(self) -> dict:
        return {
            "counts": self.counts(),
            "committed": self.committed,
            "errors": [asdict(error) for error in self.errors],
            "transfer_cases": [asdict(case) for case in self.transfer_cases],
            "unknown_columns": list(self.unknown_columns),
        }


def safe_text(text: str, limit: int) -> str:
    """Text fit for storing and showing: without control characters (NUL above all), at most `limit` long."""
    return "".join(char for char in text if char >= " ")[:limit]

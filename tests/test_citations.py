"""Comments and docs cite what a reader of the repository has: files in it, sections and target IDs that exist
(docs/domain.md, docs/reliability.md), or a statute by name; never a file outside the repository (issue 11)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ["src", "tests", "bench", "docs", ".ci", "README.md", "Makefile", "pyproject.toml"]
OUTSIDE = re.compile(r"\.\./shared|shared/law|(?<![\w/])(?:DOMAIN|RELIABILITY|DESIGN|STYLE)\.md")
DOC = re.compile(r"docs/([\w-]+\.md)")
DOMAIN_SECTION = re.compile(r"domain\.md §(\d+(?:\.\d+)?)")
RELIABILITY_IDS = re.compile(r"reliability\.md (?:§[\d.]+,? )?((?:[VSXPRL]\d+(?:–[VSXPRL]\d+)?(?:, )?)+)")


def _files():
    for name in SCANNED:
        path = ROOT / name
        for file in [path] if path.is_file() else sorted(path.rglob("*")):
            if (
                file.is_file()
                and file.suffix in {".py", ".md", ".html", ".toml", ""}
                and "egg-info" not in str(file)
            ):
                yield file


def _text(file: Path) -> str:
    try:
        return file.read_text()
    except UnicodeDecodeError:
        return ""


def test_nothing_cites_a_file_outside_the_repository():
    offenders = [
        f"{file.relative_to(ROOT)}: {match.group()}"
        for file in _files()
        if file.name != "test_citations.py"
        for match in OUTSIDE.finditer(_text(file))
    ]
    assert offenders == []


def test_cited_documents_sections_and_targets_exist():
    domain = (ROOT / "docs" / "domain.md").read_text()
    reliability = (ROOT / "docs" / "reliability.md").read_text()
    sections = set(re.findall(r"^#+ (\d+(?:\.\d+)?)[. ]", domain, re.M))
    targets = set(re.findall(r"^\| ([VSXPRL]\d+) \|", reliability, re.M))
    missing = []
    for file in _files():
        text = _text(file)
        missing += [
            f"{file.name}: docs/{doc}" for doc in DOC.findall(text) if not (ROOT / "docs" / doc).exists()
        ]
        missing += [f"{file.name}: §{s}" for s in DOMAIN_SECTION.findall(text) if s not in sections]
        for group in RELIABILITY_IDS.findall(text):
            for first, last in re.findall(r"([VSXPRL]\d+)(?:–([VSXPRL]\d+))?", group):
                missing += [f"{file.name}: {t}" for t in filter(None, (first, last)) if t not in targets]
    assert missing == []

"""Word files through LibreOffice headless, as a reader's office suite opens them (CI installs
libreoffice-writer-nogui; elsewhere the tests that need it are skipped)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
A4_POINTS = (595, 842)


def docx_to_pdf(content: bytes, tmp_path: Path) -> bytes:
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "document.docx"
    source.write_bytes(content)
    profile = (tmp_path / "profile").as_uri()  # one profile per test: parallel workers do not share a lock
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "document.pdf").read_bytes()


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """Each page's MediaBox in whole points (A4 is 595 × 842)."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return {(round(float(w)), round(float(h))) for w, h in boxes}

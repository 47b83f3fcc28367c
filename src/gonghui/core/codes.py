"""Codes people read aloud or type (voting codes, ballot receipts): random base32 in groups of four, stored only
as the SHA-256 of the code without its separators. Codes of 80 bits and more need no salt."""

import hashlib
import secrets
from base64 import b32encode


def new_code(random_bytes: int) -> str:
    """`random_bytes` random bytes as ABCD-EFGH-…"""
    raw = b32encode(secrets.token_bytes(random_bytes)).decode().rstrip("=")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize_code(code: str) -> str:
    """What a person types: any case, with or without the dashes and spaces the printed card shows."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()

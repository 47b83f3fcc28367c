"""The poll's key: ballots encrypted to it while the poll is open, its private half split k-of-n among the tellers.

docs/decisions.md ("Encrypted ballots") explains the choice of libraries; nothing here is a hand-made primitive:
- PyNaCl's SealedBox (X25519 + XSalsa20-Poly1305, an ephemeral sender key per ballot) encrypts each ballot to the
  poll's public key. Without the private key a stored ballot — in the table, the WAL, a dump, a replica — is
  noise of the same length for every choice of the same shape.
- The private key is derived (HKDF-SHA256) from a 16-byte secret, and that secret is split with PyCryptodome's
  Shamir sharing (GF(2^128)): any k shares rebuild it, k−1 say nothing about it.

The secret and the private key exist only in memory: at opening, long enough to derive the public key and the
shares; at close, long enough to decrypt. A share is shown once to its teller and never stored; the server keeps
only a digest per share, so that a mistyped or foreign share is named before anything is decrypted.

A share is written for people: "P<poll>-<n>-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XX-CCCC", 26 base32 letters of share
and a 4-letter check over poll, number and share (a typo or a share of another poll is caught at once).
"""

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from Crypto.Hash import SHA256
from Crypto.Protocol.KDF import HKDF
from Crypto.Protocol.SecretSharing import Shamir
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

SECRET_BYTES = 16  # what PyCryptodome's Shamir shares; the X25519 key is derived from it
# Every ballot's plaintext is padded to a multiple of this, so all ballots of a poll encrypt to one length (a ballot
# naming dozens of candidates may take two blocks). Below PostgreSQL's TOAST threshold, so a vote is one row.
PAD_BYTES = 1024


class ShareError(ValueError):
    """A share that cannot be used: malformed, of another poll, or not one the poll handed out."""


@dataclass(frozen=True)
class Share:
    poll_id: int
    index: int
    value: bytes

    @property
    def digest(self) -> str:
        """What the server keeps of a share (Teller.share_digest): 128 random bits behind SHA-256."""
        return hashlib.sha256(b"gonghui share|%d|%d|" % (self.poll_id, self.index) + self.value).hexdigest()

    def text(self) -> str:
        letters = base64.b32encode(self.value).decode().rstrip("=")
        groups = [letters[i : i + 4] for i in range(0, len(letters), 4)]
        return "-".join(
            [f"P{self.poll_id}", str(self.index), *groups, _check(self.poll_id, self.index, letters)]
        )


def _check(poll_id: int, index: int, letters: str) -> str:
    digest = hashlib.sha256(f"{poll_id}|{index}|{letters}".encode()).digest()
    return base64.b32encode(digest).decode()[:4]


_SHARE_RE = re.compile(r"^P(\d+)-(\d+)-((?:[A-Z2-7]{1,4}-)+)([A-Z2-7]{4})$")


def parse_share(text: str) -> Share:
    """Read a share as typed: spaces, case and the letters O/I/L mistyped for 0/1 are forgiven where harmless."""
    clean = re.sub(r"\s+", "", (text or "").upper()).replace("—", "-").replace("－", "-")
    match = _SHARE_RE.match(clean)
    if match is None:
        raise ShareError("format")
    poll_id, index, body, check = int(match[1]), int(match[2]), match[3].replace("-", ""), match[4]
    if _check(poll_id, index, body) != check:
        raise ShareError("check")
    try:
        value = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise ShareError("format") from None
    if len(value) != SECRET_BYTES or not 1 <= index <= 255:
        raise ShareError("format")
    return Share(poll_id=poll_id, index=index, value=value)


def _private_key(secret: bytes) -> PrivateKey:
    return PrivateKey(HKDF(secret, 32, b"", SHA256, context=b"gonghui poll key"))


def new_poll_key(poll_id: int, k: int, n: int) -> tuple[bytes, list[Share]]:
    """A fresh key for a poll: (public key, n shares of which any k rebuild the private key)."""
    secret = secrets.token_bytes(SECRET_BYTES)
    public = bytes(_private_key(secret).public_key)
    shares = [Share(poll_id, index, value) for index, value in Shamir.split(k, n, secret)]
    return public, shares


def rebuild_key(public_key: bytes, shares: list[Share]) -> PrivateKey | None:
    """The private key from k shares, or None when the shares do not rebuild the poll's key."""
    secret = Shamir.combine([(share.index, share.value) for share in shares])
    key = _private_key(secret)
    return key if bytes(key.public_key) == bytes(public_key) else None


def encrypt_ballot(public_key: bytes, choices: dict, weight: int, receipt_digest: str) -> bytes:
    """The stored ballot: choices, weight and receipt digest, sealed to the poll's key."""
    payload = json.dumps({"c": choices, "w": weight, "r": receipt_digest}, separators=(",", ":")).encode()
    # Padded with spaces (JSON ignores them) to a whole number of blocks: a ciphertext's length would otherwise
    # tell "no" from "yes" from "abstain", and a short list of names from a long one.
    payload += b" " * (-len(payload) % PAD_BYTES)
    return SealedBox(PublicKey(bytes(public_key))).encrypt(payload)


def decrypt_ballot(key: PrivateKey, box: bytes) -> tuple[dict, int, str] | None:
    """(choices, weight, receipt digest), or None when the box was not sealed to this key or was altered."""
    try:
        payload = json.loads(SealedBox(key).decrypt(bytes(box)))
    except (CryptoError, ValueError):
        return None
    return payload["c"], payload["w"], payload["r"]

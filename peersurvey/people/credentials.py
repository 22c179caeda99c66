"""Passwords and PINs are kept only as argon2 hashes; tablet tokens only as SHA-256.

Tokens are long random strings, so a fast hash is enough and lets the API find a
tablet by its token in one indexed lookup.
"""
import functools
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_secret(plain):
    return _hasher.hash(plain)


def verify_secret(stored_hash, plain):
    if not stored_hash or plain is None:
        return False
    try:
        return _hasher.verify(stored_hash, plain)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _stand_in_hash():
    return _hasher.hash(secrets.token_hex(16))


def verify_evenly(stored_hash, plain):
    """verify_secret that takes as long when there is nothing to check (an unknown email, a
    locked account) as when there is: it checks against a stand-in hash instead, so the time
    an answer takes never tells which emails have accounts."""
    if not stored_hash:
        verify_secret(_stand_in_hash(), plain or "")
        return False
    return verify_secret(stored_hash, plain)


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

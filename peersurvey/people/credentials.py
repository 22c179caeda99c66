"""Passwords and PINs are kept only as argon2 hashes; tablet tokens only as SHA-256.

Tokens are long random strings, so a fast hash is enough and lets the API find a
tablet by its token in one indexed lookup.
"""
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


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

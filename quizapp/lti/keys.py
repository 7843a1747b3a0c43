"""The tool's RSA keys: made here, published as JWKs, and sealed for storage.

A private key is kept in the database encrypted (Fernet) under a key derived from the app's
SECRET_KEY, so neither the repository nor a copy of the database alone holds a usable one.
Changing SECRET_KEY therefore makes the stored keys unreadable: `quiz lti rotate-key` then
makes a new one (the LMSs fetch it from /lti/jwks by themselves).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .library import Registration

KEY_BITS = 2048
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")


class KeyUnreadable(Exception):
    """A stored private key cannot be decrypted (SECRET_KEY changed since it was made)."""


def generate() -> tuple[str, str]:
    """A new RSA key pair as (private PEM, public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def public_jwk(public_pem: str) -> dict[str, Any]:
    """The public key as a JWK (kid = its RFC 7638 thumbprint, alg RS256, use sig), exactly as
    the library names it when it signs, so the kid in our tokens is the kid in /lti/jwks."""
    jwk = dict(Registration.get_jwk(public_pem))
    if any(member in jwk for member in PRIVATE_MEMBERS):  # never publish a private part
        raise ValueError("a public JWK must not carry private key members")
    return jwk


def kid(public_pem: str) -> str:
    return str(public_jwk(public_pem)["kid"])


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(b"quizapp lti private keys\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(private_pem: str, secret: str) -> str:
    """The private key encrypted for storage."""
    return _fernet(secret).encrypt(private_pem.encode()).decode()


def unseal(sealed: str, secret: str) -> str:
    """The private key back from storage; KeyUnreadable if `secret` is not the one used."""
    try:
        return _fernet(secret).decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise KeyUnreadable("The tool's private key cannot be read with this SECRET_KEY; "
                            "run `quiz lti rotate-key` to make a new one.") from None

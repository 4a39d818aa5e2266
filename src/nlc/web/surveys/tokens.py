"""Personal links of survey invitations: unguessable, never stored, compared in constant time.

A token is ``HMAC-SHA256(SECRET_KEY, "nlc-survey:" + nonce)`` in URL-safe base64, where
``nonce`` is 128 random bits stored with the invitation. The database keeps the nonce and
the token's SHA-256 (to find the invitation); the token itself can be given again (for a
reminder or the links CSV) only by the server that holds the secret key, so a copy of the
database alone gives no working link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings


def new_secret() -> dict[str, str]:
    """A new invitation's ``nonce`` and ``token_hash`` (fields of the Invitation)."""
    nonce = secrets.token_hex(16)
    return {"nonce": nonce, "token_hash": hash_of(token_for(nonce))}


def token_for(nonce: str) -> str:
    """The personal link's token of the invitation with ``nonce``."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"nlc-survey:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def find(token: str):
    """The invitation whose token is ``token``, or None (the hash is looked up, then the
    token recomputed from the nonce and compared in constant time)."""
    from nlc.web.surveys.models import Invitation

    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("wave__survey__network", "person__organisation")
        .filter(token_hash=hash_of(token))
        .first()
    )
    if invitation is None or not hmac.compare_digest(token_for(invitation.nonce), token):
        return None
    return invitation

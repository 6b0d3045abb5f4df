"""Random identifiers: opaque, not enumerable, the same rule everywhere."""

import secrets


def new_public_id() -> str:
    """12 URL-safe characters, 72 random bits: the public id of a row."""
    return secrets.token_urlsafe(9)


def new_token() -> str:
    """24 URL-safe characters, 144 random bits: media and one-off tokens."""
    return secrets.token_urlsafe(18)[:24]


def new_item_token() -> str:
    """An attempt item's answer token (12 characters, 72 bits)."""
    return secrets.token_urlsafe(9)

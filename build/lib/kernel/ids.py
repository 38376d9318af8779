"""Identifiers in MOSIP's style: random numeric strings (catalog §13.9)."""

import secrets


def numeric_id(length: int = 14) -> str:
    """A random ``length``-digit id with no leading zero, from the CSPRNG."""
    first = str(secrets.randbelow(9) + 1)
    return first + "".join(str(secrets.randbelow(10)) for _ in range(length - 1))

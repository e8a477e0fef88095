"""Password policy: length bounds and a strength estimate; no composition rules."""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn 0..4; 3 = "safely unguessable: moderate protection from offline attack"
_CHECKED_PREFIX = 72  # zxcvbn 4.5 refuses longer inputs; 72 characters decide strength anyway


def password_problem(password: str, context: tuple[str, ...] = ()) -> str | None:
    """Why a password is refused, or None when it is acceptable.

    Args:
        password: the candidate.
        context: words the password must not lean on (the user's email, name).
    """
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    words = [part for item in context for part in _context_words(item)]
    result = zxcvbn(password[:_CHECKED_PREFIX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    hint = feedback.get("warning") or "It is too easy to guess."
    suggestion = " ".join(
        feedback.get("suggestions") or ["Try a longer phrase of unrelated words."]
    )
    return f"This password is too weak: {hint.rstrip('.')}. {suggestion}".strip()


def _context_words(text: str) -> list[str]:
    """An email or name, and its parts (local part, domain, words)."""
    lowered = text.lower()
    parts = [lowered]
    for separator in ("@", ".", " ", "_", "-", "+"):
        lowered = lowered.replace(separator, " ")
    parts.extend(word for word in lowered.split() if len(word) >= 3)
    return parts

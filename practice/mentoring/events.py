"""What other features may react to, without mentoring knowing them: a blinker signal sent
once a mentor's comment is committed (reminders emails the mentee)."""

from __future__ import annotations

from blinker import Namespace

events = Namespace()
# sender: the new AnswerComment (already committed)
comment_added = events.signal("comment-added")

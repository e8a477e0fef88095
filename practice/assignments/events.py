"""What other features may react to, without assignments knowing them: a blinker signal sent
once an assignment is committed (reminders emails the mentee)."""

from __future__ import annotations

from blinker import Namespace

events = Namespace()
# sender: the new Assignment (already committed)
assignment_made = events.signal("assignment-made")

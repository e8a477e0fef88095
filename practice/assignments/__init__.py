"""Assignments of question sets to mentees and cohorts, and a learner's progress on them (no
pages of its own: mentoring, cohorts, sets and home show them)."""

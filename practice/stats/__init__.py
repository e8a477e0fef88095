"""Recall figures for one learner or a group: forgetting curves, progress on a set, per-topic
recall, overdue counts."""

"""Situation briefs: stories, developments, claims, figures, timeline, diff, export, saved briefs."""

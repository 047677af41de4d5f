"""Staff pages: the review queue, triage, decisions."""

"""The requester's complaint journey and case pages (review_service/cases)."""

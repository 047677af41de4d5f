"""review_service: complaints about UK freedom-of-information responses."""

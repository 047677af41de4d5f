"""Documents a requester or caseworker uploads: notices, review letters, decision notices."""

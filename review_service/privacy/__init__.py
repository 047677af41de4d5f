"""Requesters' personal data: retention (anonymising old cases), the download of everything
held about a requester, and closing an account."""

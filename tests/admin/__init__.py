"""Administration pages and services: staff accounts, authorities, bank-holiday changes."""

"""Administration: staff accounts, authorities, settings."""

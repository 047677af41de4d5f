"""Pure domain rules: no Flask or SQLAlchemy imports here."""

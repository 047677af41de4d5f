"""Letters to requesters and authorities, rendered to PDF from plain, database-free dataclasses."""

"""Operators' tools behind the command line: integrity check, backup and restore, retention."""

"""Bulk import of migrated documents: JSON Lines records and plain text files."""

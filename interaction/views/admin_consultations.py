"""Admin screens (see wagtail_hooks): filled in by the interaction work."""

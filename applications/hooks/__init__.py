"""Admin hooks, one module per part of the app."""

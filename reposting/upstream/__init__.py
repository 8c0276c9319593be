"""Feeds: fetch (pluggable), parse (RSS, Atom, JSON), pull into the library."""

"""Use cases: what the UI and the CLI call. Each owns its transaction."""

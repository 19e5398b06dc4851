"""The case store: the database is the source of truth for everything the bot knows."""

"""Storage: the schema, the engine with its migrations, bulk writes and read-only SQL."""

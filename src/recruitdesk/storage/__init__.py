"""Storage: the database schema, its migrations, and every operation that reads or
changes data. Knows the domain; knows nothing of Qt."""

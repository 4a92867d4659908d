"""Local storage: SQLModel tables, the database engine, migrations, outbox and audit."""

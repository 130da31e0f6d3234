"""Alembic environment: runs on the connection the store hands over, in its transaction."""

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand with sqlalchemy.url set
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///sitroom.db")
    with engine.begin() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()

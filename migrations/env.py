"""Alembic environment: kb passes its own connection in `config.attributes["connection"]`."""

from alembic import context
from sqlalchemy import create_engine

from kb.store.models import Base

target_metadata = Base.metadata
config = context.config


def run_with(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:  # the alembic command line: `alembic -x url=sqlite:///kb.sqlite upgrade head`
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with create_engine(url).begin() as conn:
        run_with(conn)

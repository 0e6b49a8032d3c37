"""Alembic environment: runs migrations on the engine handed over by knowledge.db.migrate."""

from alembic import context

from knowledge.db import database_url, engine_for
from knowledge import inbox_models  # noqa: F401  (its tables join Base.metadata)
from knowledge.models import Base

engine = context.config.attributes.get("engine") or engine_for(database_url())

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()

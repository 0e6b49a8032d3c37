"""The Alembic migrations build exactly the tables the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from knowledge.db import engine_for, migrate
from knowledge.models import Base


def test_migrations_match_the_models(empty_db: str) -> None:
    migrate(empty_db)
    with engine_for(empty_db).connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []

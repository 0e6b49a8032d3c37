"""The careers knowledge base: content schema, loading, storage and queries."""

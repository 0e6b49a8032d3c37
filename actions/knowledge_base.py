"""The one knowledge base the action server reads from."""

from functools import lru_cache

from knowledge.query import KnowledgeBase


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()

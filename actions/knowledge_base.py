"""The knowledge base and resolver the action server reads from, one of each per process."""

from functools import lru_cache

from actions.asked import RECORD_KINDS
from knowledge.query import CACHE_SECONDS, KnowledgeBase
from knowledge.resolve import Resolver


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase(cache_seconds=CACHE_SECONDS)


@lru_cache(maxsize=1)
def resolver() -> Resolver:
    return Resolver.from_kb(knowledge_base(), kinds=RECORD_KINDS)

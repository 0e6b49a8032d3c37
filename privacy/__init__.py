"""Privacy by design: what is removed from text before it is stored."""

"""Composing answers from knowledge records: short, plain, one idea a message."""

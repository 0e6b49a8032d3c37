"""Recognising messages that suggest a young person may be at risk."""

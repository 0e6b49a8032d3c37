"""Putting a student in touch with a qualified careers adviser: offer, consent, details, ticket."""

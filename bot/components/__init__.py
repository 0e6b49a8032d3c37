"""Custom Rasa NLU components (run inside the Rasa server's environment)."""

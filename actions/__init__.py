"""Custom actions for the Rasa bot: thin, each calling the knowledge query layer."""

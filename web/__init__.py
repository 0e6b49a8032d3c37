"""The FastAPI web service: chat relay, knowledge pages, widget, adviser and ambassador tools."""

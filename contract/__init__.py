"""What the processes agree on: shared secrets' rules and the shapes they exchange.

A leaf package: it imports nothing of ours, so the action server, the web service and
``ops`` can all depend on it.
"""

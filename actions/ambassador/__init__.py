"""Ambassador mode in the bot: what apprentices have said, and questions passed to them.

``share`` finds approved answers that fit a question and offers to pass a new one on;
``question`` reads that question and queues it; ``visit`` asks the careers team for an
apprentice to visit school. Questions and visit requests go through the outbox to the
web service (inbox/ambassadors.py), where an adviser checks every answer first.
"""

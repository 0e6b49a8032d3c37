"""The careers team's side: accounts, hand-off tickets, and email notifications."""

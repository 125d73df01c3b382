"""Reminders and notifications: recording each reminder once, sending it once, the inbox and e-mail."""

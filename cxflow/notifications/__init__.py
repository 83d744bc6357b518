"""In-app and e-mail notifications: deadline reminders, digests, consultation events."""

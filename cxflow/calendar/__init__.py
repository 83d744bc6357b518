"""The Russian production calendar: working days, holidays and admin overrides."""

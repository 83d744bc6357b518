"""Rules of the maturity domain: plain functions that views, API and tasks call."""

"""Rules of the index domain: plain functions that the views and the API both call."""

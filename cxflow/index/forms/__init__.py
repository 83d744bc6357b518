"""Forms of the index domain."""

"""JSON shapes of the index domain (API.md "Customer-centricity index")."""

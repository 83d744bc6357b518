"""Tables of the index domain, one module per noun."""

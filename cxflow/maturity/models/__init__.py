"""Tables of the maturity domain, one module per noun."""

"""The JSON shapes of the maturity API, one module per noun."""

"""WTForms of the maturity pages, one module per noun."""

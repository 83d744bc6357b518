"""Cross-cutting pieces every domain uses: the model base, errors, forms and pagination."""

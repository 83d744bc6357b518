"""cxflow: customer-experience improvement pilots of Russia's public employment service.

The application is built by `cxflow.app.create_app()`, the composition root.
"""

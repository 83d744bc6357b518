"""People who sign in, their roles and regions; admin pages to manage them."""

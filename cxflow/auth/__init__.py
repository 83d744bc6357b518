"""Sign-in, sign-out, password change and API tokens."""

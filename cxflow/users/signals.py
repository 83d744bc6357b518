"""What happens to a user account, for the domains above (blinker, as Flask ships it)."""

from blinker import Namespace

_signals = Namespace()

# sent with the user, flushed, before the commit, when a password is set anew (by the user or
# an admin); cxflow.auth revokes the user's API tokens
password_changed = _signals.signal("password-changed")

"""What happens to a pilot, for the domains that hang off it (blinker, as Flask ships it)."""

from blinker import Namespace

_signals = Namespace()

# sent with the new pilot, flushed, before the commit; a receiver's error undoes the creation
pilot_created = _signals.signal("pilot-created")

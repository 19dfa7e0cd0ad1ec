"""Demo data and screenshot walks: made-up cards and slips, and the offscreen walks behind
``kiosk shots``.

Not part of the product's core: nothing in ``kiosk/``, ``drivers/`` or ``sync/`` imports it,
and the user interface loads it only in a demo (``--simulate``: the demo keys) or for
``kiosk shots``. A production bundle may leave it out.
"""

"""Performance report for the kiosk: ``QT_QPA_PLATFORM=offscreen python -m bench``.

Three figures, each from repeated runs with the median reported (a report, never a test:
nothing here fails on a slow machine):

* start-up to the first frame of the attract screen, against a bare PySide6 window
  (``bench.startup``, children in ``bench.first_frame``);
* screen-to-screen transition time in a shown ``KioskWindow`` (``bench.transitions``);
* resident memory growth over 100 queue-ticket journeys through the window (``bench.memory``).

The table goes to stdout; the same figures go to ``bench/results/latest.json``.
This package's ``__init__`` imports nothing, so the start-up children pay nothing for it.
"""

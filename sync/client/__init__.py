"""The kiosk side of the sync protocol: device identity and the HTTP client.

The upload loop that uses them is :mod:`sync.worker`. Import what you use from its modules
(:mod:`sync.client.http`, :mod:`sync.client.identity`): this package imports nothing, so that
reading the device identity does not load the HTTP client.
"""

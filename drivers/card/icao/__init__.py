"""eMRTD chips (ICAO Doc 9303): the Vietnamese CCCD and passports, read from the terminal side.

Modules, from the bottom: :mod:`.errors` (typed errors), :mod:`.mrz` (machine readable zone and
access keys), :mod:`.ber` (BER-TLV codec), :mod:`.crypto` (key derivation, 3DES / AES, MACs),
:mod:`.sm` (secure messaging, both sides), :mod:`.bac` and :mod:`.pace` (access control, both
sides), :mod:`.lds` (EF.COM, DG1, DG2, DG13), :mod:`.sod` (passive authentication) and
:mod:`.reader` (the whole read over an APDU transport).
"""

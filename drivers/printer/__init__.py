"""Receipt printers (ESC/POS thermal)."""

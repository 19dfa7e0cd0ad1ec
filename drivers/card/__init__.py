"""ID-card readers."""

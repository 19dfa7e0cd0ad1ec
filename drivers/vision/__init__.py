"""Vision on camera frames, Qt-free: finding and straightening ID cards, picture quality with plain
instructions, auto-capture, faces, QR codes and the machine-readable zone of ID documents."""

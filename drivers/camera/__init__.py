"""Cameras: a device through OpenCV, or a recorded source that behaves like one, on its own thread."""

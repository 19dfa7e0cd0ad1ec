"""Screens: they show a flow's step and turn touches into flow events; nothing else."""

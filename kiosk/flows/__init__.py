"""Flows: each citizen or officer journey as a typed state graph, with no Qt in sight."""

"""Services: the operations flows call, each one database transaction."""

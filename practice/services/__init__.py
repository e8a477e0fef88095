"""Glue between the pure domain and the ORM."""

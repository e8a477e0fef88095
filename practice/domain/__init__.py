"""Pure domain code: standard library, fsrs and text libraries only; never flask or sqlalchemy."""

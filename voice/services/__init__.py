"""Every write in voice: position statements (statements.py), recovery stories (stories.py)."""

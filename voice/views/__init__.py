"""HTTP views of voice: position statements (statements.py), recovery stories (stories.py)."""

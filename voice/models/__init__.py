"""Position statements (statements.py) and recovery stories (stories.py)."""

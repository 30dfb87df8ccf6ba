from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name and format as production, far fewer rounds.

    The iteration count is stored in each hash, so the daphne processes that live tests
    start, running the stock hasher, still verify these passwords.
    """

    iterations = 1_000

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name and format as production, far fewer rounds.

    The iteration count is stored in each hash, so the daphne processes that live tests
    start, running the stock hasher, still verify these passwords.
    """

    iterations = 1_000


class CountingPBKDF2PasswordHasher(FastPBKDF2PasswordHasher):
    """Counts the passwords it hashes, to compare the work two code paths do."""

    encoded_count = 0

    def encode(self, password, salt, iterations=None):
        type(self).encoded_count += 1
        return super().encode(password, salt, iterations)

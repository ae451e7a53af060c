"""The load benchmark's password hasher: PBKDF2 with 10,000 iterations instead of Django's 1,000,000.

At the production cost one log-in spends about half a second of CPU on hashing; 400 log-ins would need
more than the whole bench machine for minutes. The benchmark measures the application, and reports the
production hash's cost on its own row (bench/bench_load.py).
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class BenchPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 10_000

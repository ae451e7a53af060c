"""The password hash: Argon2id at the cost OWASP's Password Storage Cheat Sheet recommends as its first choice
(19 MiB of memory, 2 passes, 1 lane), through Django's Argon2PasswordHasher and argon2-cffi.

Why not Django's defaults: PBKDF2-SHA256 with 1,000,000 iterations costs about a quarter of a second of CPU per
log-in (1.7 s on a loaded machine), and a 400-person evening signing in within a minute would need most of the
web host's two cores for hashing alone. Django's own Argon2 settings (100 MiB, 8 lanes) cost about as much and
take 100 MiB per log-in in flight. At 19 MiB and 2 passes a guess still costs an attacker the memory that makes
Argon2 hard on GPUs, and a log-in costs about 20 ms of one core (docs/operations.md has the figures).

Older hashes keep working: PBKDF2 stays in PASSWORD_HASHERS after this one, and a successful log-in rehashes
the password with Argon2id (Django does this when the first hasher differs, or its parameters changed).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m=19 MiB, t=2, p=1 (the algorithm name stays "argon2": Django's class reads these hashes)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

"""Password hashing: Argon2id with the parameters of the OWASP Password Storage Cheat Sheet.

Django's own Argon2PasswordHasher (102,400 KiB, 2 passes, 8 lanes) costs ~310 ms of CPU per
login on the 2-core server this runs on, its PBKDF2 default (1,000,000 iterations) ~500-700 ms:
on deadline day, when every agency logs in within minutes, the password check alone would
take most of the machine. OWASP's recommended minimum for Argon2id is 19 MiB of memory, 2
passes, 1 lane (~40 ms here); memory hardness, not CPU time, is what slows down guessing on
GPUs. Both can be raised from the environment (ARGON2_MEMORY_KIB, ARGON2_TIME_COST,
ARGON2_PARALLELISM); hashes made with other parameters, or with PBKDF2, are still accepted
and re-hashed with these at the user's next login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

from greenplan.env import env_int


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: the stored hashes are ordinary Argon2id hashes.
    time_cost = env_int("ARGON2_TIME_COST", 2)
    memory_cost = env_int("ARGON2_MEMORY_KIB", 19 * 1024)
    parallelism = env_int("ARGON2_PARALLELISM", 1)

"""Personal data (PIPA) for the people and the privacy officer: the access-log pages, the cohort's retention
period and the destruction after it, and a person's own data. The log itself is in the root
(``learninggroup.audit``) so every app can write to it."""

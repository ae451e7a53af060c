"""The personal-data access log (개인정보의 안전성 확보조치 기준 제8조): part of the root, append-only.

Every app records accesses to personal data through :func:`learninggroup.audit.log.record_access` (or the
:func:`learninggroup.audit.log.access_logged` view decorator). A small app of its own (label ``audit``)
inside the root package, so its migrations never clash with the root's.
"""

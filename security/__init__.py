"""The security log of each ministry: sign-ins, failures, lockouts, two-step changes, roles, signatures, gates, exports, support access."""

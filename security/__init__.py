"""The security log of each ministry: sign-ins, lockouts, two-step changes, roles, signatures, exports."""

"""What people see first: the homes by role, the executive portfolio, the attention list, the digest and the map."""

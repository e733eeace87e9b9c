"""The system administrator's pages: agencies, users, roles, lockouts and two-factor resets."""

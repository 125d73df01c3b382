"""People and signing in: the user, the sign-in and password pages, the profile, the language and the navigation."""

"""Small helpers shared by several apps, with no models and no domain rules of their own."""

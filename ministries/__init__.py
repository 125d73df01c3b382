"""The government side: clusters, ministries, field units, regions and memberships (who holds which role where)."""
